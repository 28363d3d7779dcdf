package dev.verdict.intake;

import dev.verdict.signing.ExpiringMac;
import java.time.Duration;
import java.time.Instant;

/**
 * Verdict's own upload URLs (DESIGN §4):
 * {@code <public url>/uploads/<smile_job_id>/<generation>/selfie.zip?expires=<epoch s>&signature=<mac>},
 * an HMAC over job, upload generation and expiry under a secret derived from the master key. The
 * generation binds a URL to one opening of the job: a retry issues a new one and the old stops working.
 */
public final class UploadUrls {
    /** How long an upload URL works (as the pre-signed URLs of the hosted service did). */
    public static final Duration LIFETIME = Duration.ofMinutes(15);

    private final ExpiringMac mac;
    private final String publicBase;

    public UploadUrls(byte[] secret, String publicBase) {
        this.mac = new ExpiringMac(secret);
        this.publicBase = publicBase;
    }

    public String urlFor(String smileJobId, int generation, Instant now) {
        var expires = now.plus(LIFETIME).getEpochSecond();
        return publicBase + "/uploads/" + smileJobId + "/" + generation + "/selfie.zip?expires=" + expires
                + "&signature=" + mac.sign(expires, "upload", smileJobId, Integer.toString(generation));
    }

    public ExpiringMac.Check check(String smileJobId, String generation, String expiresText, String signature,
            Instant now) {
        if (generation == null || !generation.matches("\\d{1,9}")) {
            return ExpiringMac.Check.INVALID;
        }
        return mac.check(expiresText, signature, now, "upload", smileJobId, generation);
    }
}
