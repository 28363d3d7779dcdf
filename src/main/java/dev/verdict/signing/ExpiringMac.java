package dev.verdict.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MAC behind Verdict's expiring URLs (image links, upload URLs): HMAC-SHA256 over the URL's
 * parts and its expiry, base64url, checked in constant time against an injected clock.
 */
public final class ExpiringMac {
    private final SecretKeySpec key;

    public ExpiringMac(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** Outcome of checking a presented URL. */
    public enum Check {
        VALID,
        EXPIRED,
        INVALID
    }

    public String sign(long expiresEpochSecond, String... parts) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (var part : parts) {
                mac.update(part.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) '\n');
            }
            var digest = mac.doFinal(Long.toString(expiresEpochSecond).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A missing or malformed part is INVALID; a genuine but past expiry is EXPIRED. */
    public Check check(String expiresText, String signature, Instant now, String... parts) {
        if (expiresText == null || signature == null || !expiresText.matches("\\d{1,12}")) {
            return Check.INVALID;
        }
        for (var part : parts) {
            if (part == null) {
                return Check.INVALID;
            }
        }
        var expires = Long.parseLong(expiresText);
        var expected = sign(expires, parts).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Check.INVALID;
        }
        return now.getEpochSecond() > expires ? Check.EXPIRED : Check.VALID;
    }
}
