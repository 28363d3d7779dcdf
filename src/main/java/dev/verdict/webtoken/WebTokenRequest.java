package dev.verdict.webtoken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.http.InvalidJsonException;
import dev.verdict.http.JsonFields;
import dev.verdict.http.JsonSupport;
import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;

/**
 * A parsed {@code POST /v1/token} body: {@code partner_id}, {@code timestamp}, {@code signature},
 * {@code user_id}, {@code job_id}, {@code product}, {@code callback_url} and optionally {@code job_type}.
 * Parsing refuses only what is checked before authentication (2203 invalid JSON, 2213 no
 * credentials); {@link WebTokenService} checks the rest in order. {@code jobType} is -1 when absent.
 */
record WebTokenRequest(String partnerId, String timestamp, String signature, String userId, String jobId,
        String product, int jobType, String callbackUrl) {

    static WebTokenRequest parse(byte[] body) {
        JsonNode request;
        try {
            request = JsonSupport.readObject(body);
        } catch (InvalidJsonException e) {
            throw new V1Exception(V1Code.UPLOAD_INVALID_JSON, "Invalid JSON: " + e.getMessage());
        }
        var partnerId = JsonFields.text(request.get("partner_id"));
        var timestamp = JsonFields.text(request.get("timestamp"));
        var signature = JsonFields.text(request.get("signature"));
        if (partnerId == null || timestamp == null || signature == null) {
            throw new V1Exception(V1Code.UPLOAD_MISSING_PARAMETER,
                    "A required parameter is missing: partner_id, timestamp and signature");
        }
        return new WebTokenRequest(partnerId, timestamp, signature, JsonFields.text(request.get("user_id")),
                JsonFields.text(request.get("job_id")), JsonFields.text(request.get("product")),
                JsonFields.jobType(request.get("job_type")), JsonFields.usableUrl(request.get("callback_url")));
    }
}
