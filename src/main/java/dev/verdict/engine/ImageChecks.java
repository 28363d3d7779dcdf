package dev.verdict.engine;

import dev.verdict.images.ImageHeader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Real checks on an image before any verdict (docs/sandbox.md). The header is read first — size
 * and bytes per pixel — so an image too large to decode safely is refused before any decoding; then
 * the image is decoded to a reduced raster (source subsampling: at most {@value #CHECKED_SIDE} px a
 * side), all the checks need, inside a process-wide {@link DecodeBudget}. A single-colour image is
 * taken as "no face found".
 */
public final class ImageChecks {
    public static final int MIN_SIDE = 32;
    public static final int MAX_SIDE = 8192;
    public static final long MAX_PIXELS = 40_000_000L;
    /** Most bytes a full decode of one image may take: 40 megapixels at 4 bytes (8-bit RGBA). */
    public static final long MAX_DECODED_BYTES = MAX_PIXELS * 4;
    /** The checks look at the image subsampled to at most this many pixels on its longer side. */
    static final int CHECKED_SIDE = 256;

    /**
     * One budget for the whole process, as there is one heap. Decodes are counted at their full
     * decoded size although they allocate only the reduced raster: a conservative bound, which also
     * leaves room for the decoders' own buffers (a progressive JPEG keeps all its coefficients).
     */
    private static final DecodeBudget BUDGET = DecodeBudget.quarterOfHeap();

    /** What the checks found. */
    public enum Outcome {
        OK,
        /** Not a decodable JPEG or PNG. */
        UNDECODABLE,
        /**
         * Smaller than 32 px or larger than 8192 px on a side, more than 40 megapixels, or more than
         * {@link #MAX_DECODED_BYTES} decoded.
         */
        OUT_OF_BOUNDS,
        /** Decodable, but a single colour: nothing a face could be found in. */
        NO_FACE
    }

    /** The decoding ran out of memory: not a fault of the image, so the job is retried, never judged on it. */
    static final class OutOfDecodeMemory extends RuntimeException {
        OutOfDecodeMemory(Throwable cause) {
            super("out of memory while decoding an image", cause);
        }
    }

    private ImageChecks() {}

    public static Outcome check(byte[] bytes) {
        var decoded = decode(bytes);
        if (decoded.outcome() != Outcome.OK) {
            return decoded.outcome();
        }
        return uniform(decoded.image()) ? Outcome.NO_FACE : Outcome.OK;
    }

    /**
     * Compares two selfies with an 8×8 average hash (the sandbox's stand-in for face matching): true
     * when at most {@value #MAX_HASH_DISTANCE} of the 64 bits differ. The same photo, rescaled or
     * re-encoded, matches; a different picture does not.
     */
    public static boolean sameFace(byte[] first, byte[] second) {
        var a = decode(first);
        var b = decode(second);
        return a.image() != null && b.image() != null
                && Long.bitCount(averageHash(a.image()) ^ averageHash(b.image())) <= MAX_HASH_DISTANCE;
    }

    static final int MAX_HASH_DISTANCE = 10;

    /** The outcome of the header checks, and the reduced raster when they pass and it decodes. */
    private record Decoded(Outcome outcome, BufferedImage image) {}

    private static Decoded decode(byte[] bytes) {
        var header = ImageHeader.read(bytes).orElse(null);
        if (header == null) {
            return new Decoded(Outcome.UNDECODABLE, null);
        }
        if (header.width() < MIN_SIDE || header.height() < MIN_SIDE || header.width() > MAX_SIDE
                || header.height() > MAX_SIDE || header.pixels() > MAX_PIXELS
                || header.decodedBytes() > MAX_DECODED_BYTES) {
            return new Decoded(Outcome.OUT_OF_BOUNDS, null);
        }
        var image = BUDGET.spend(header.decodedBytes(), () -> decodeReduced(bytes, header));
        return image == null ? new Decoded(Outcome.UNDECODABLE, null) : new Decoded(Outcome.OK, image);
    }

    /**
     * Every {@code step}-th pixel of every {@code step}-th row: the decoder still reads every row,
     * but keeps only a raster of at most {@value #CHECKED_SIDE} px a side (a 16-bit 6400×6250 PNG
     * allocates about 1 MB instead of 320 MB). Null when the image cannot be decoded. A decoder that
     * runs out of memory wraps the error in an IOException: that is never taken for a bad image.
     */
    private static BufferedImage decodeReduced(byte[] bytes, ImageHeader header) {
        var step = Math.ceilDiv(Math.max(header.width(), header.height()), CHECKED_SIDE);
        try (var input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            var reader = ImageHeader.readerFor(header.contentType());
            try {
                reader.setInput(input, true, true);
                var param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof OutOfMemoryError) {
                    throw new OutOfDecodeMemory(e);
                }
            }
            return null;
        }
    }

    private static long averageHash(BufferedImage image) {
        var small = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        var g = small.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, 8, 8, null);
        g.dispose();
        var pixels = new int[64];
        long sum = 0;
        for (int i = 0; i < 64; i++) {
            pixels[i] = small.getRaster().getSample(i % 8, i / 8, 0);
            sum += pixels[i];
        }
        var mean = sum / 64.0;
        long hash = 0;
        for (int i = 0; i < 64; i++) {
            if (pixels[i] > mean) {
                hash |= 1L << i;
            }
        }
        return hash;
    }

    private static boolean uniform(BufferedImage image) {
        var first = image.getRGB(0, 0);
        for (int y = 0; y < image.getHeight(); y += Math.max(1, image.getHeight() / 32)) {
            for (int x = 0; x < image.getWidth(); x += Math.max(1, image.getWidth() / 32)) {
                if (image.getRGB(x, y) != first) {
                    return false;
                }
            }
        }
        return true;
    }
}
