package dev.verdict.jobstatus;

import dev.verdict.http.InvalidJsonException;
import dev.verdict.http.JsonFields;
import dev.verdict.http.JsonSupport;
import java.util.Optional;

/**
 * A parsed job_status body (DESIGN §3.1): JSON whatever the Content-Type, unknown fields ignored,
 * ids and timestamps as their verbatim text (a JSON number gives its decimal text), flags lenient.
 */
record JobStatusRequest(
        String partnerId,
        String userId,
        String jobId,
        String timestamp,
        Optional<String> signature,
        Optional<String> secKey,
        boolean imageLinks,
        boolean history) {

    /** Parses the body; absent or empty required fields come back as {@code null}. */
    static JobStatusRequest parse(byte[] body) throws InvalidJsonException {
        var root = JsonSupport.readObject(body);
        return new JobStatusRequest(
                JsonFields.text(root.get("partner_id")),
                JsonFields.text(root.get("user_id")),
                JsonFields.text(root.get("job_id")),
                JsonFields.text(root.get("timestamp")),
                Optional.ofNullable(JsonFields.text(root.get("signature"))),
                Optional.ofNullable(JsonFields.text(root.get("sec_key"))),
                JsonFields.flag(root.get("image_links")),
                JsonFields.flag(root.get("history")));
    }

    boolean complete() {
        return partnerId != null && userId != null && jobId != null && timestamp != null
                && (signature.isPresent() || secKey.isPresent());
    }
}
