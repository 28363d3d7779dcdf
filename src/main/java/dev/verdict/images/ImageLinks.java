package dev.verdict.images;

import dev.verdict.signing.ExpiringMac;
import java.time.Duration;
import java.time.Instant;

/**
 * Expiring signed image links (DESIGN §3.9): {@code <public url>/images/<id>?expires=<epoch s>&signature=<mac>}
 * with an HMAC over the image id and expiry under a secret derived from the master key. Built on
 * the configured public URL only, never on request headers.
 */
public final class ImageLinks {
    private final ExpiringMac mac;
    private final String publicBase;
    private final Duration ttl;

    public ImageLinks(byte[] secret, String publicBase, Duration ttl) {
        this.mac = new ExpiringMac(secret);
        this.publicBase = publicBase;
        this.ttl = ttl;
    }

    public String linkFor(String imageId, Instant now) {
        var expires = now.plus(ttl).getEpochSecond();
        return publicBase + "/images/" + imageId + "?expires=" + expires + "&signature=" + mac.sign(expires, "image", imageId);
    }

    public ExpiringMac.Check check(String imageId, String expiresText, String signature, Instant now) {
        return mac.check(expiresText, signature, now, "image", imageId);
    }
}
