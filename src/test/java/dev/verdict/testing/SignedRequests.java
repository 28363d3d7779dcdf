package dev.verdict.testing;

import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;

/** Builds job_status request bodies the way the SDKs do. */
public final class SignedRequests {
    private SignedRequests() {}

    public static String jobStatus(IssuedKey key, String userId, String jobId, String timestamp, boolean imageLinks,
            boolean history) {
        var partnerId = Long.toString(key.partnerId());
        return jobStatus(partnerId, key.apiKey(), userId, jobId, timestamp, imageLinks, history);
    }

    public static String jobStatus(String partnerIdText, String apiKey, String userId, String jobId, String timestamp,
            boolean imageLinks, boolean history) {
        var signature = new SidSignature(apiKey).sign(timestamp, partnerIdText);
        return """
                {"partner_id": "%s", "user_id": "%s", "job_id": "%s", "timestamp": "%s", "signature": "%s",
                 "image_links": %s, "history": %s}"""
                .formatted(partnerIdText, userId, jobId, timestamp, signature, imageLinks, history);
    }
}
