package dev.verdict.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.InvalidJsonException;
import dev.verdict.http.JsonFields;
import dev.verdict.http.JsonSupport;
import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;
import java.util.List;

/**
 * A parsed prep upload body (PROTOCOL.md §4.1). Parsing refuses only what is checked before
 * authentication (2203 not JSON Verdict accepts, 2213 no credentials); the rest of the checks run in
 * {@link PrepUploadService} in their documented order, so {@code partnerParams} may be absent and
 * {@code userId}, {@code jobId} null here.
 */
record PrepUploadRequest(
        String partnerId,
        String timestamp,
        String signature,
        String secKey,
        boolean hasPartnerParams,
        int jobType,
        String userId,
        String jobId,
        ObjectNode partnerExtras,
        ObjectNode idInfo,
        boolean useEnrolledImage,
        boolean allowNewEnroll,
        boolean retry,
        String callbackUrl,
        String sourceSdk,
        String sourceSdkVersion) {

    /** Node spreads id_info into the top level of the prep upload body. */
    private static final List<String> ID_INFO_KEYS = List.of("country", "id_type", "id_number", "first_name",
            "middle_name", "last_name", "dob", "phone_number", "entered");

    static PrepUploadRequest parse(byte[] body) {
        JsonNode request;
        try {
            request = JsonSupport.readObject(body);
        } catch (InvalidJsonException e) {
            throw new V1Exception(V1Code.UPLOAD_INVALID_JSON, V1Code.UPLOAD_INVALID_JSON.text() + ": " + e.getMessage());
        }
        var partnerId = JsonFields.text(request.get("smile_client_id"));
        if (partnerId == null) {
            partnerId = JsonFields.text(request.get("partner_id"));
        }
        var timestamp = JsonFields.text(request.get("timestamp"));
        var signature = JsonFields.text(request.get("signature"));
        var secKey = JsonFields.text(request.get("sec_key"));
        if (partnerId == null || timestamp == null || (signature == null && secKey == null)) {
            throw new V1Exception(V1Code.UPLOAD_MISSING_PARAMETER,
                    "A required parameter is missing: smile_client_id, timestamp and signature (or sec_key)");
        }
        var params = PartnerParams.of(request);
        return new PrepUploadRequest(partnerId, timestamp, signature, secKey, params.present(), params.jobType(),
                params.userId(), params.jobId(), params.extras(), idInfo(request),
                JsonFields.flag(request.get("use_enrolled_image")), JsonFields.flag(request.get("allow_new_enroll")),
                JsonFields.flag(request.get("retry")), JsonFields.usableUrl(request.get("callback_url")),
                shortText(request.get("source_sdk")), shortText(request.get("source_sdk_version")));
    }

    /** id_info from an {@code id_info} object, else from Node's top-level keys; strings only. */
    private static ObjectNode idInfo(JsonNode request) {
        if (request.get("id_info") instanceof ObjectNode idInfo) {
            return ZipIntake.cleanIdInfo(idInfo);
        }
        var collected = JsonSupport.MAPPER.createObjectNode();
        for (var key : ID_INFO_KEYS) {
            var value = request.get(key);
            if (value != null && value.isValueNode() && !value.isNull()) {
                collected.set(key, value);
            }
        }
        return ZipIntake.cleanIdInfo(collected);
    }

    private static String shortText(JsonNode node) {
        var value = JsonFields.text(node);
        return value == null ? null : value.length() > 64 ? value.substring(0, 64) : value;
    }
}
