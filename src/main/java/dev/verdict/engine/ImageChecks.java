package dev.verdict.engine;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Real checks on an image before any verdict (docs/sandbox.md): dimensions read from the header
 * first — so a tiny file claiming a gigapixel image is refused before anything is decoded — then a
 * full decode. A single-colour image is taken as "no face found".
 */
public final class ImageChecks {
    public static final int MIN_SIDE = 32;
    public static final int MAX_SIDE = 8192;
    public static final long MAX_PIXELS = 40_000_000L;

    /** What the checks found. */
    public enum Outcome {
        OK,
        /** Not a decodable JPEG or PNG. */
        UNDECODABLE,
        /** Smaller than 32 px or larger than 8192 px on a side, or more than 40 megapixels. */
        OUT_OF_BOUNDS,
        /** Decodable, but a single colour: nothing a face could be found in. */
        NO_FACE
    }

    private ImageChecks() {}

    public static Outcome check(byte[] bytes) {
        int width;
        int height;
        try (var input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            var readers = input == null ? null : ImageIO.getImageReaders(input);
            if (readers == null || !readers.hasNext()) {
                return Outcome.UNDECODABLE;
            }
            var reader = readers.next();
            try {
                reader.setInput(input, true, true);
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Outcome.UNDECODABLE;
        }
        if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE
                || (long) width * height > MAX_PIXELS) {
            return Outcome.OUT_OF_BOUNDS;
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return Outcome.UNDECODABLE;
        }
        if (image == null) {
            return Outcome.UNDECODABLE;
        }
        return uniform(image) ? Outcome.NO_FACE : Outcome.OK;
    }

    /**
     * Compares two selfies with an 8×8 average hash (the sandbox's stand-in for face matching): true
     * when at most {@value #MAX_HASH_DISTANCE} of the 64 bits differ. The same photo, rescaled or
     * re-encoded, matches; a different picture does not.
     */
    public static boolean sameFace(byte[] first, byte[] second) {
        var a = averageHash(first);
        var b = averageHash(second);
        return a != null && b != null && Long.bitCount(a ^ b) <= MAX_HASH_DISTANCE;
    }

    static final int MAX_HASH_DISTANCE = 10;

    private static Long averageHash(byte[] bytes) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (image == null) {
            return null;
        }
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
