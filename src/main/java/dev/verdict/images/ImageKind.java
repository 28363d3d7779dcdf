package dev.verdict.images;

import java.util.Locale;
import java.util.Optional;

/** What an image shows. The job_status link key is given where one exists. */
public enum ImageKind {
    SELFIE("selfie_image"),
    ID_CARD_FRONT("id_card_image"),
    ID_CARD_BACK("id_card_back_image"),
    LIVENESS(null);

    private final String linkKey;

    ImageKind(String linkKey) {
        this.linkKey = linkKey;
    }

    public Optional<String> linkKey() {
        return Optional.ofNullable(linkKey);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ImageKind> fromWire(String text) {
        for (var kind : values()) {
            if (kind.wireName().equals(text)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
