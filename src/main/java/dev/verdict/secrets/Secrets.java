package dev.verdict.secrets;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Every secret derived from the master key, each under its own HKDF label, so every node with the
 * same master key agrees on them without further configuration.
 */
public final class Secrets {
    private static final byte[] SALT = "verdict/v1".getBytes(StandardCharsets.US_ASCII);
    private final KeyCipher apiKeyCipher;
    private final byte[] imageLinkSecret;
    private final byte[] uploadUrlSecret;
    private final byte[] webTokenSecret;
    private final byte[] imageKeyWrappingKey;

    public Secrets(MasterKey masterKey) {
        this.apiKeyCipher = new KeyCipher(derive(masterKey, "api-key-encryption"));
        this.imageLinkSecret = derive(masterKey, "image-links");
        this.uploadUrlSecret = derive(masterKey, "upload-urls");
        this.webTokenSecret = derive(masterKey, "web-tokens");
        this.imageKeyWrappingKey = derive(masterKey, "image-key-wrapping");
    }

    /** HKDF-SHA256 (RFC 5869) with a fixed salt and the label as info; 32 bytes out. */
    public static byte[] derive(MasterKey masterKey, String label) {
        var hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(masterKey.bytes(), SALT, label.getBytes(StandardCharsets.US_ASCII)));
        var out = new byte[32];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    public KeyCipher apiKeyCipher() {
        return apiKeyCipher;
    }

    public byte[] imageLinkSecret() {
        return imageLinkSecret.clone();
    }

    public byte[] uploadUrlSecret() {
        return uploadUrlSecret.clone();
    }

    /** Signs the web tokens of {@code POST /v1/token} (HS256). */
    public byte[] webTokenSecret() {
        return webTokenSecret.clone();
    }

    /** The AES-256 key that wraps each image's own data key (images.ImageCipher). */
    public byte[] imageKeyWrappingKey() {
        return imageKeyWrappingKey.clone();
    }
}
