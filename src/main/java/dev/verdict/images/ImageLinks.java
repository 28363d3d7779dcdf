package dev.verdict.images;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expiring signed image links (DESIGN §3.9): {@code <public url>/images/<id>?expires=<epoch s>&signature=<mac>}
 * with an HMAC over the image id and expiry under a secret derived from the master key. Built on
 * the configured public URL only, never on request headers.
 */
public final class ImageLinks {
    private final SecretKeySpec key;
    private final String publicBase;
    private final Duration ttl;

    public ImageLinks(byte[] secret, String publicBase, Duration ttl) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.publicBase = publicBase;
        this.ttl = ttl;
    }

    public String linkFor(String imageId, Instant now) {
        var expires = now.plus(ttl).getEpochSecond();
        return publicBase + "/images/" + imageId + "?expires=" + expires + "&signature=" + mac(imageId, expires);
    }

    /** Outcome of checking a presented link. */
    public enum Check {
        VALID,
        EXPIRED,
        INVALID
    }

    public Check check(String imageId, String expiresText, String signature, Instant now) {
        if (imageId == null || expiresText == null || signature == null || !expiresText.matches("\\d{1,12}")) {
            return Check.INVALID;
        }
        var expires = Long.parseLong(expiresText);
        var expected = mac(imageId, expires).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Check.INVALID;
        }
        return now.getEpochSecond() > expires ? Check.EXPIRED : Check.VALID;
    }

    private String mac(String imageId, long expires) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            var digest = mac.doFinal((imageId + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
