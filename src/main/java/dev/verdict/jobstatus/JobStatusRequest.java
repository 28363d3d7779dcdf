package dev.verdict.jobstatus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.InvalidJsonException;
import dev.verdict.http.JsonFields;
import dev.verdict.http.JsonSupport;
import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;
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

    /**
     * Parses the body: checks 1 and 2 of DESIGN §3.2, answered unsigned (2303 not JSON Verdict accepts,
     * 2313 a required field absent or empty).
     */
    static JobStatusRequest parse(byte[] body) {
        var request = read(body);
        if (!request.complete()) {
            throw new V1Exception(V1Code.STATUS_MISSING_PARAMETERS);
        }
        return request;
    }

    /** Absent or empty required fields come back as {@code null}. */
    private static JobStatusRequest read(byte[] body) {
        ObjectNode root;
        try {
            root = JsonSupport.readObject(body);
        } catch (InvalidJsonException e) {
            var code = V1Code.STATUS_INVALID_JSON;
            throw new V1Exception(code, code.text() + ": " + e.getMessage());
        }
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

    private boolean complete() {
        return partnerId != null && userId != null && jobId != null && timestamp != null
                && (signature.isPresent() || secKey.isPresent());
    }
}
