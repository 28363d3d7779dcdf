package dev.verdict.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.InvalidJsonException;
import dev.verdict.http.JsonFields;
import dev.verdict.http.JsonSupport;
import dev.verdict.identity.IdentityLookup;
import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;
import java.util.Set;

/**
 * A parsed {@code id_verification} or {@code business_verification} body (the same shape: ID fields
 * at the top level; {@code business_type} only for the latter). Parsing refuses only what is checked before authentication
 * (2413: not JSON Verdict accepts, or no credentials); {@link IdVerificationService} checks the rest
 * in order, so {@code hasPartnerParams} may be false and ids null here.
 */
record IdVerificationRequest(
        String partnerId,
        String timestamp,
        String signature,
        String secKey,
        boolean hasPartnerParams,
        int jobType,
        String userId,
        String jobId,
        ObjectNode partnerExtras,
        IdentityLookup.Query query,
        ObjectNode idInfo,
        String callbackUrl,
        String sourceSdk,
        String sourceSdkVersion) {

    private static final Set<String> ID_FIELDS = Set.of("country", "id_type", "id_number", "first_name",
            "middle_name", "last_name", "dob", "phone_number", "gender", "business_type");

    static IdVerificationRequest parse(byte[] body) {
        JsonNode request;
        try {
            request = JsonSupport.readObject(body);
        } catch (InvalidJsonException e) {
            // the ID API family has no code of its own for this; 2413 is what it answers
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER, "Invalid JSON: " + e.getMessage());
        }
        var partnerId = JsonFields.text(request.get("partner_id"));
        var timestamp = JsonFields.text(request.get("timestamp"));
        var signature = JsonFields.text(request.get("signature"));
        var secKey = JsonFields.text(request.get("sec_key"));
        if (partnerId == null || timestamp == null || (signature == null && secKey == null)) {
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER,
                    "A required parameter is missing: partner_id, timestamp and signature (or sec_key)");
        }
        var params = PartnerParams.of(request);
        var query = new IdentityLookup.Query(JsonFields.text(request.get("country")),
                JsonFields.text(request.get("id_type")), JsonFields.text(request.get("id_number")),
                JsonFields.text(request.get("first_name")), JsonFields.text(request.get("last_name")),
                JsonFields.text(request.get("dob")));
        var idInfo = JsonSupport.MAPPER.createObjectNode();
        for (var key : ID_FIELDS) {
            var value = JsonFields.text(request.get(key));
            if (value != null) {
                idInfo.put(key, value);
            }
        }
        return new IdVerificationRequest(partnerId, timestamp, signature, secKey, params.present(), params.jobType(),
                params.userId(), params.jobId(), params.extras(), query, ZipIntake.cleanIdInfo(idInfo), JsonFields.usableUrl(request.get("callback_url")),
                JsonFields.text(request.get("source_sdk")), JsonFields.text(request.get("source_sdk_version")));
    }
}
