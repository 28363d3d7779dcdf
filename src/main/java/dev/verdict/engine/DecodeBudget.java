package dev.verdict.engine;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bytes of image decoding allowed at once, so concurrent decodes can never exhaust the heap: a
 * decode that does not fit waits until others finish (it is never refused, so load cannot change a
 * verdict). An image costing more than the whole budget takes all of it and decodes alone.
 */
final class DecodeBudget {
    private static final int KIB = 1024;

    private final Semaphore kibibytes;
    private final int total;

    DecodeBudget(long bytes) {
        this.total = Math.clamp(bytes / KIB, 1, Integer.MAX_VALUE);
        this.kibibytes = new Semaphore(total, true);
    }

    /** A quarter of the JVM's maximum heap: room for decoding beside everything else the server holds. */
    static DecodeBudget quarterOfHeap() {
        return new DecodeBudget(Runtime.getRuntime().maxMemory() / 4);
    }

    long totalBytes() {
        return (long) total * KIB;
    }

    /** Runs {@code decode} once {@code bytes} of the budget are free, and frees them afterwards. */
    <T> T spend(long bytes, Supplier<T> decode) {
        var permits = Math.clamp((bytes + KIB - 1) / KIB, 1, total);
        kibibytes.acquireUninterruptibly(permits);
        try {
            return decode.get();
        } finally {
            kibibytes.release(permits);
        }
    }
}
