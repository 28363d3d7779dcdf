package dev.verdict.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids (docs/operations.md, "Request ids"): every answer of every listener carries one in
 * {@value #HEADER}, and every log line written while the request is handled carries it as the MDC
 * value {@value #MDC_KEY}. A client's own id is kept when it is sane (1 to {@value #MAX_LENGTH}
 * characters of {@code A-Z a-z 0-9 . _ : -}), so it can follow a request through its own logs and
 * Verdict's; anything else is replaced by a generated one.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    public static final int MAX_LENGTH = 64;
    /** Generated ids are this long: 100 random bits in lower-case Crockford base32. */
    public static final int GENERATED_LENGTH = 20;

    private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private RequestIds() {}

    /** {@code offered} when it is sane, else a new id. */
    public static String accept(String offered) {
        return sane(offered) ? offered : generate();
    }

    /** Whether a client's id may be used as it is: it goes into a response header and log lines. */
    public static boolean sane(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            var c = id.charAt(i);
            var ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A new id: 100 bits from the thread's own generator (no shared state, no lock; an id needs to be
     * unique, not unpredictable), so about 10^15 ids are made before two are likely to collide.
     */
    public static String generate() {
        var random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = random.nextLong();
        var chars = new char[GENERATED_LENGTH];
        for (int i = 0; i < 12; i++) { // 60 bits
            chars[i] = BASE32[(int) (high >>> (i * 5)) & 31];
        }
        for (int i = 0; i < 8; i++) { // 40 bits
            chars[12 + i] = BASE32[(int) (low >>> (i * 5)) & 31];
        }
        return new String(chars);
    }
}
