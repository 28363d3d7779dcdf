package dev.verdict.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.InvalidJsonException;
import dev.verdict.http.JsonFields;
import dev.verdict.http.JsonSupport;
import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code POST /v1/aml} body (job type 10), as the Ruby SDK sends it: {@code user_id},
 * {@code job_id} and {@code job_type} at the top level (or in {@code partner_params}), the partner's
 * own keys in {@code partner_params}, and the screening inputs. Parsing refuses only what is checked
 * before authentication (2413); {@link IdVerificationService} checks the rest in order.
 * {@code countries} is null when it was given but is not an array of strings.
 */
record AmlRequest(
        String partnerId,
        String timestamp,
        String signature,
        int jobType,
        String userId,
        String jobId,
        ObjectNode partnerExtras,
        String fullName,
        String birthYear,
        List<String> countries,
        boolean strictMatch,
        boolean searchExistingUser,
        String callbackUrl,
        String sourceSdk,
        String sourceSdkVersion) {

    static AmlRequest parse(byte[] body) {
        JsonNode request;
        try {
            request = JsonSupport.readObject(body);
        } catch (InvalidJsonException e) {
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER, "Invalid JSON: " + e.getMessage());
        }
        var partnerId = JsonFields.text(request.get("partner_id"));
        var timestamp = JsonFields.text(request.get("timestamp"));
        var signature = JsonFields.text(request.get("signature"));
        if (partnerId == null || timestamp == null || signature == null) {
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER,
                    "A required parameter is missing: partner_id, timestamp and signature");
        }
        var params = PartnerParams.of(request);
        var userId = firstText(request.get("user_id"), params.userId());
        var jobId = firstText(request.get("job_id"), params.jobId());
        var jobType = request.hasNonNull("job_type") ? JsonFields.jobType(request.get("job_type")) : params.jobType();
        List<String> countries = new ArrayList<>();
        var given = request.get("countries");
        if (given != null && !given.isNull()) {
            if (!given.isArray()) {
                countries = null;
            } else {
                for (var country : given) {
                    var text = JsonFields.text(country);
                    if (text == null) {
                        countries = null;
                        break;
                    }
                    countries.add(text);
                }
            }
        }
        // strict_match is true unless false was sent (the Ruby SDK's default)
        var strict = request.get("strict_match");
        var strictMatch = strict == null || !(strict.isBoolean() && !strict.booleanValue()
                || strict.isTextual() && "false".equalsIgnoreCase(strict.textValue()));
        return new AmlRequest(partnerId, timestamp, signature, jobType, userId, jobId, params.extras(),
                JsonFields.text(request.get("full_name")), JsonFields.text(request.get("birth_year")),
                countries == null ? null : List.copyOf(countries), strictMatch,
                JsonFields.flag(request.get("search_existing_user")), JsonFields.usableUrl(request.get("callback_url")),
                JsonFields.text(request.get("source_sdk")), JsonFields.text(request.get("source_sdk_version")));
    }

    private static String firstText(JsonNode topLevel, String fromParams) {
        var text = JsonFields.text(topLevel);
        return text != null ? text : fromParams;
    }
}
