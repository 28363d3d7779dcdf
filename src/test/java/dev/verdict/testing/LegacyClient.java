package dev.verdict.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;

/**
 * What a pre-2023 SDK does with its legacy api_key (PROTOCOL.md §2.5), written from the SDKs' code
 * rather than from Verdict's: build a {@code sec_key} by encrypting H with the public key, and check
 * an answer's {@code signature} by public-decrypting it.
 */
public final class LegacyClient {
    private final PublicKey publicKey;

    /** @param sdkApiKey base64 of the PEM public key, as the 1.x SDKs take it */
    public LegacyClient(String sdkApiKey) {
        try {
            var pem = new String(Base64.getDecoder().decode(sdkApiKey), StandardCharsets.US_ASCII);
            var der = Base64.getMimeDecoder().decode(pem.replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", ""));
            publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a base64 PEM public key", e);
        }
    }

    /** {@code hex(sha256(int(partner_id) + ":" + timestamp))}. */
    public static String hash(String partnerId, String timestamp) {
        try {
            var digest = MessageDigest.getInstance("SHA-256")
                    .digest((Long.parseLong(partnerId) + ":" + timestamp).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code base64(RSA_PKCS1_encrypt(public key, H)) + "|" + H} (Node, Python, PHP, Java 1.x). */
    public String secKey(String partnerId, String timestamp) {
        var hash = hash(partnerId, timestamp);
        return Base64.getEncoder().encodeToString(encrypt(hash)) + "|" + hash;
    }

    /** Ruby's form: {@code Base64.encode64} breaks lines every 60 characters and ends with a newline. */
    public String rubySecKey(String partnerId, String timestamp) {
        var hash = hash(partnerId, timestamp);
        var encoded = Base64.getEncoder().encodeToString(encrypt(hash));
        var lines = new StringBuilder();
        for (int i = 0; i < encoded.length(); i += 60) {
            lines.append(encoded, i, Math.min(encoded.length(), i + 60)).append('\n');
        }
        return lines + "|" + hash;
    }

    /** What Node, Ruby and Java 1.x check: {@code public_decrypt(E) == H_resp} over the answer's timestamp. */
    public boolean verifies(String signature, String timestamp, String partnerId) {
        var bar = signature.indexOf('|');
        if (bar < 0) {
            return false;
        }
        try {
            var cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            cipher.init(Cipher.DECRYPT_MODE, publicKey);
            var decrypted = new String(cipher.doFinal(Base64.getDecoder().decode(signature.substring(0, bar))),
                    StandardCharsets.US_ASCII);
            var expected = hash(partnerId, timestamp);
            return decrypted.equals(expected) && signature.substring(bar + 1).equals(expected);
        } catch (Exception e) {
            return false;
        }
    }

    private byte[] encrypt(String hash) {
        try {
            var cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            cipher.init(Cipher.ENCRYPT_MODE, publicKey);
            return cipher.doFinal(hash.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
