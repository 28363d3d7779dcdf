package dev.verdict.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.JsonFields;
import dev.verdict.http.JsonSupport;
import java.util.Set;

/**
 * The {@code partner_params} of an intake request: the three keys Verdict reads, and the partner's own
 * keys ({@code extras}), which are kept and echoed back in results. {@code jobType} is -1 and the ids
 * null when the object is absent or a key is missing.
 */
record PartnerParams(boolean present, int jobType, String userId, String jobId, ObjectNode extras) {
    private static final Set<String> READ_KEYS = Set.of("user_id", "job_id", "job_type");

    static PartnerParams of(JsonNode request) {
        var extras = JsonSupport.MAPPER.createObjectNode();
        if (!(request.get("partner_params") instanceof ObjectNode params)) {
            return new PartnerParams(false, -1, null, null, extras);
        }
        params.properties().forEach(e -> {
            if (!READ_KEYS.contains(e.getKey())) {
                extras.set(e.getKey(), e.getValue());
            }
        });
        return new PartnerParams(true, JsonFields.jobType(params.get("job_type")),
                JsonFields.text(params.get("user_id")), JsonFields.text(params.get("job_id")), extras);
    }
}
