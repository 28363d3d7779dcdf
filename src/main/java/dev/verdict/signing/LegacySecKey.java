package dev.verdict.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;

/**
 * The legacy {@code sec_key} of the pre-2023 SDKs (PROTOCOL.md §2.5), held by its RSA private key.
 * <ul>
 * <li>Request: {@code sec_key = base64(RSA_PKCS1_encrypt(public key, H)) + "|" + H} with
 * {@code H = hex(sha256(int(partner_id) + ":" + timestamp))}; verified by decrypting with the private
 * key and comparing with H recomputed from the request (and with the text after {@code |}).</li>
 * <li>Answer: {@code base64(RSA_PKCS1_private_encrypt(H_resp)) + "|" + H_resp} over the answer's own
 * timestamp: a raw PKCS#1 v1.5 type 1 signature of the ASCII hex, without DigestInfo, which is what
 * the SDKs' {@code public_decrypt} checks.</li>
 * </ul>
 * The partner's "api_key" in the 1.x SDKs is {@code base64(PEM of the public key)}.
 */
public final class LegacySecKey implements ResponseSigner {
    /** RSA-2048: the SDKs take any size (the 2019 fixtures show 1024 bits, too weak to issue today). */
    public static final int KEY_BITS = 2048;
    private static final String TRANSFORMATION = "RSA/ECB/PKCS1Padding";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    /** @param pkcs8 the private key, DER-encoded PKCS#8 (what {@link #privateKeyBytes} gives) */
    public LegacySecKey(byte[] pkcs8) {
        try {
            var factory = KeyFactory.getInstance("RSA");
            privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
                throw new IllegalArgumentException("not an RSA private key with its public exponent");
            }
            publicKey = factory.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA private key", e);
        }
    }

    /** A fresh key pair of {@link #KEY_BITS} bits. */
    public static KeyPair generate() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    /** The DER PKCS#8 form this class is constructed from. */
    public static byte[] privateKeyBytes(KeyPair pair) {
        return pair.getPrivate().getEncoded();
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, SubjectPublicKeyInfo). */
    public static String publicPem(PublicKey key) {
        var body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** What the 1.x SDKs take as their api_key: base64 of the PEM text. */
    public static String sdkApiKey(PublicKey key) {
        return Base64.getEncoder().encodeToString(publicPem(key).getBytes(StandardCharsets.US_ASCII));
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * True when {@code secKey} is {@code E|H} with E decrypting to the H of this partner and timestamp.
     * Whitespace inside E is ignored (Ruby's base64 breaks lines); malformed input simply fails.
     */
    public boolean verifies(String secKey, String timestamp, String partnerIdText) {
        var bar = secKey.indexOf('|');
        if (bar < 0) {
            return false;
        }
        var expected = hash(partnerIdText, timestamp).getBytes(StandardCharsets.US_ASCII);
        var suffix = secKey.substring(bar + 1).strip().getBytes(StandardCharsets.US_ASCII);
        byte[] encrypted;
        try {
            encrypted = Base64.getDecoder().decode(secKey.substring(0, bar).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] decrypted;
        try {
            var cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, privateKey);
            decrypted = cipher.doFinal(encrypted);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
        return MessageDigest.isEqual(decrypted, expected) & MessageDigest.isEqual(suffix, expected);
    }

    /** {@code base64(RSA private-encrypt(H_resp)) + "|" + H_resp} over the answer's own timestamp. */
    @Override
    public String sign(String timestamp, String partnerIdText) {
        var hash = hash(partnerIdText, timestamp);
        try {
            var cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, privateKey);
            var encrypted = cipher.doFinal(hash.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(encrypted) + "|" + hash;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    /**
     * {@code hex(sha256(int(partner_id) + ":" + timestamp))}: the SDKs drop the partner id's leading
     * zeros ({@code "001"} → {@code 1}); the timestamp is the verbatim text (epoch seconds or ms).
     */
    public static String hash(String partnerIdText, String timestamp) {
        var partner = Long.toString(Long.parseLong(partnerIdText.strip()));
        try {
            var digest = MessageDigest.getInstance("SHA-256")
                    .digest((partner + ":" + timestamp).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
