package dev.verdict.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/** Small real images for tests: a colour gradient, which the sandbox engine accepts as a face. */
public final class Images {
    private Images() {}

    public static byte[] png(int width, int height) {
        return encode(width, height, "png");
    }

    public static byte[] jpeg(int width, int height) {
        return encode(width, height, "jpg");
    }

    /** A different picture from {@link #jpeg}: a checkerboard, which the sandbox's face compare tells apart. */
    public static byte[] checkerboard(int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, ((x * 8 / width) + (y * 8 / height)) % 2 == 0 ? 0xffffff : 0x202020);
            }
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG of random pixels from {@code seed}: every 64-byte run of it is found nowhere else. */
    public static byte[] noise(long seed, int width, int height) {
        var random = new java.util.Random(seed);
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A single-colour image: the sandbox engine finds no face in it. */
    public static byte[] blank(int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] encode(int width, int height, String format) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x80);
            }
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A 16-bit RGBA PNG (8 bytes a pixel once decoded), written directly so it costs nothing to make:
     * a colour gradient across the first row, every further row filtered "Up" as a copy of it. The
     * file is tiny (deflated zero rows) while a full decode needs {@code width * height * 8} bytes.
     */
    public static byte[] png16(int width, int height) {
        var out = new ByteArrayOutputStream();
        try {
            var png = new DataOutputStream(out);
            png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            var header = new ByteArrayOutputStream();
            var ihdr = new DataOutputStream(header);
            ihdr.writeInt(width);
            ihdr.writeInt(height);
            ihdr.write(new byte[] {16, 6, 0, 0, 0}); // bit depth 16, colour type 6 (RGBA), no interlace
            chunk(png, "IHDR", header.toByteArray());
            var pixels = new ByteArrayOutputStream();
            try (var deflate = new DeflaterOutputStream(pixels, new Deflater(Deflater.BEST_COMPRESSION))) {
                var row = new byte[1 + width * 8];
                for (int x = 0; x < width; x++) {
                    var red = x * 65535 / width;
                    row[1 + x * 8] = (byte) (red >> 8);
                    row[2 + x * 8] = (byte) red;
                    row[3 + x * 8] = (byte) 0x40; // green
                    row[5 + x * 8] = (byte) 0x80; // blue
                    row[7 + x * 8] = (byte) 0xff; // opaque
                    row[8 + x * 8] = (byte) 0xff;
                }
                deflate.write(row);
                var same = new byte[1 + width * 8];
                same[0] = 2; // filter "Up": each byte equals the one above
                for (int y = 1; y < height; y++) {
                    deflate.write(same);
                }
            }
            chunk(png, "IDAT", pixels.toByteArray());
            chunk(png, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream png, String type, byte[] data) throws IOException {
        var name = type.getBytes(StandardCharsets.US_ASCII);
        png.writeInt(data.length);
        png.write(name);
        png.write(data);
        var crc = new CRC32();
        crc.update(name);
        crc.update(data);
        png.writeInt((int) crc.getValue());
    }
}
