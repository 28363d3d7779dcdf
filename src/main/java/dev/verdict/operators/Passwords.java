package dev.verdict.operators;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Operator passwords: generated from {@link SecureRandom}, hashed with Argon2id at OWASP's
 * parameters (19 MiB, 2 passes, 1 lane) and stored as a PHC string
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. Verification takes the parameters from the
 * stored string, so stronger parameters later still verify the older hashes.
 */
final class Passwords {
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** 144 bits: more than the 128 a generated password must carry, and a whole number of base64 characters. */
    private static final int GENERATED_PASSWORD_BYTES = 18;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{22,})");
    /** Stored hashes are trusted data, but a tampered row must not make a sign-in eat a gigabyte. */
    private static final int MAX_MEMORY_KIB = 1 << 20;

    /**
     * Each hash holds {@code m} KiB (19 MiB) while it runs: at most this many at once, so a burst of
     * sign-ins (or of wrong passwords) costs at most about 80 MiB of heap and waits for the rest.
     */
    static final int CONCURRENT_HASHES = 4;
    private static final Semaphore HASHING = new Semaphore(CONCURRENT_HASHES, true);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder PHC_BASE64 = Base64.getEncoder().withoutPadding();

    private Passwords() {}

    static String generate() {
        return randomToken(GENERATED_PASSWORD_BYTES);
    }

    /** {@code bytes} random bytes as base64url without padding. */
    static String randomToken(int bytes) {
        var random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static String hash(String password) {
        var salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        var hash = argon2id(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + PHC_BASE64.encodeToString(salt) + "$" + PHC_BASE64.encodeToString(hash);
    }

    /** Whether {@code password} hashes to {@code phc}; false for a string that is no Argon2id PHC hash. */
    static boolean verify(String password, String phc) {
        var parts = PHC.matcher(phc);
        if (!parts.matches()) {
            return false;
        }
        int memory = Integer.parseInt(parts.group(1));
        int iterations = Integer.parseInt(parts.group(2));
        int parallelism = Integer.parseInt(parts.group(3));
        if (memory > MAX_MEMORY_KIB || memory < 8 * parallelism || iterations < 1 || parallelism < 1) {
            return false;
        }
        byte[] salt;
        byte[] expected;
        try {
            salt = Base64.getDecoder().decode(parts.group(4));
            expected = Base64.getDecoder().decode(parts.group(5));
        } catch (IllegalArgumentException e) {
            return false;
        }
        var actual = argon2id(password, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }

    private static byte[] argon2id(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
            int length) {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        HASHING.acquireUninterruptibly();
        try {
            var generator = new Argon2BytesGenerator();
            generator.init(parameters);
            var out = new byte[length];
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
            return out;
        } finally {
            HASHING.release();
        }
    }
}
