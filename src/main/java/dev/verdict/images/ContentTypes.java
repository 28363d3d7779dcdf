package dev.verdict.images;

import java.util.Optional;

/** Content type from the leading bytes (magic numbers), the only source trusted for images. */
public final class ContentTypes {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ContentTypes() {}

    public static Optional<String> detect(byte[] content) {
        if (content.length >= 3 && (content[0] & 0xff) == 0xff && (content[1] & 0xff) == 0xd8
                && (content[2] & 0xff) == 0xff) {
            return Optional.of("image/jpeg");
        }
        if (content.length >= PNG.length && java.util.Arrays.equals(content, 0, PNG.length, PNG, 0, PNG.length)) {
            return Optional.of("image/png");
        }
        return Optional.empty();
    }
}
