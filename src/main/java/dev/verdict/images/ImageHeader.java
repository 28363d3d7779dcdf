package dev.verdict.images;

import java.awt.image.DataBuffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * What a JPEG or PNG says about itself before any pixel is decoded (PNG IHDR, JPEG SOF): its size
 * and how many bytes each pixel takes once decoded (bit depth × channels: a 16-bit RGBA PNG takes 8,
 * an RGB JPEG 3). An image whose header cannot be read is not an image Verdict can use.
 */
public record ImageHeader(String contentType, int width, int height, int bytesPerPixel) {

    /** The header of a JPEG or PNG, or empty when the bytes are neither or the header is unreadable. */
    public static Optional<ImageHeader> read(byte[] content) {
        var contentType = ContentTypes.detect(content);
        if (contentType.isEmpty()) {
            return Optional.empty();
        }
        try (var input = new MemoryCacheImageInputStream(new ByteArrayInputStream(content))) {
            var reader = readerFor(contentType.get());
            try {
                reader.setInput(input, true, true);
                var width = reader.getWidth(0);
                var height = reader.getHeight(0);
                var bytesPerPixel = 0;
                for (var types = reader.getImageTypes(0); types.hasNext(); ) {
                    bytesPerPixel = Math.max(bytesPerPixel, bytesPerPixel(types.next()));
                }
                if (width <= 0 || height <= 0 || bytesPerPixel == 0) {
                    return Optional.empty();
                }
                return Optional.of(new ImageHeader(contentType.get(), width, height, bytesPerPixel));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The reader for a detected content type, never one chosen by sniffing. Callers give it a
     * {@link MemoryCacheImageInputStream}: ImageIO's default stream caches to temporary files.
     */
    public static ImageReader readerFor(String contentType) {
        var readers = ImageIO.getImageReadersByMIMEType(contentType);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no image reader for " + contentType);
        }
        return readers.next();
    }

    public long pixels() {
        return (long) width * height;
    }

    /** Bytes a full decode of the image takes: its pixels × bytes per pixel. */
    public long decodedBytes() {
        return pixels() * bytesPerPixel;
    }

    /** Bytes a pixel of this decoded image type takes (the most of the types the reader may decode to). */
    private static int bytesPerPixel(ImageTypeSpecifier type) {
        var model = type.getSampleModel(1, 1);
        return model.getNumDataElements() * DataBuffer.getDataTypeSize(model.getDataType()) / 8;
    }
}
