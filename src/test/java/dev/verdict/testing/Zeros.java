package dev.verdict.testing;

import java.io.InputStream;
import java.util.Arrays;

/** A stream of zero bytes of a given length, produced on the fly (uploads far larger than memory). */
public final class Zeros {
    private Zeros() {}

    public static InputStream of(long length) {
        return new InputStream() {
            long left = length;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (left <= 0) {
                    return -1;
                }
                var n = (int) Math.min(count, left);
                Arrays.fill(buffer, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }
}
