package dev.verdict.secrets;

import dev.verdict.config.Config;
import dev.verdict.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The one secret everything else is protected by or derived from (DESIGN §9). Configured
 * explicitly, or in sandbox mode generated once into the data directory.
 */
public final class MasterKey {
    public static final int LENGTH = 32;
    private final byte[] bytes;
    private final boolean generated;

    private MasterKey(byte[] bytes, boolean generated) {
        this.bytes = bytes;
        this.generated = generated;
    }

    public static MasterKey of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("master key must be 32 bytes, got " + bytes.length);
        }
        return new MasterKey(bytes.clone(), false);
    }

    /** Reads the configured key, or generates/loads {@code <data dir>/master.key} when none is configured. */
    public static MasterKey resolve(Config config) throws IOException {
        if (config.masterKey().isPresent()) {
            return of(decode(config.masterKey().get(), "VERDICT_MASTER_KEY"));
        }
        if (config.masterKeyFile().isPresent()) {
            var text = Files.readString(config.masterKeyFile().get(), StandardCharsets.US_ASCII);
            return of(decode(text, "VERDICT_MASTER_KEY_FILE"));
        }
        var file = config.dataDir().resolve("master.key");
        if (Files.exists(file)) {
            return new MasterKey(decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString()), true);
        }
        var fresh = new byte[LENGTH];
        new SecureRandom().nextBytes(fresh);
        PrivateFiles.write(file, Base64.getEncoder().encodeToString(fresh) + "\n");
        return new MasterKey(fresh, true);
    }

    /** Accepts base64 (standard or URL-safe) or hex text of exactly 32 bytes. */
    static byte[] decode(String text, String source) {
        var t = text.strip();
        byte[] decoded = null;
        if (t.matches("[0-9a-fA-F]{64}")) {
            decoded = HexFormat.of().parseHex(t);
        } else {
            try {
                decoded = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                try {
                    decoded = Base64.getUrlDecoder().decode(t);
                } catch (IllegalArgumentException ignored) {
                    // reported below
                }
            }
        }
        if (decoded == null || decoded.length != LENGTH) {
            throw new IllegalArgumentException(source + ": the master key must be 32 bytes as base64 or 64 hex digits");
        }
        return decoded;
    }

    byte[] bytes() {
        return bytes;
    }

    public boolean generated() {
        return generated;
    }
}
