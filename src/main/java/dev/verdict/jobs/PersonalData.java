package dev.verdict.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The one rule of what in a job is personal (docs/privacy.md), used by retention and by erasure
 * alike. It is written as what is <em>kept</em> — the skeleton — so that any field an engine adds
 * (names, dates of birth, ID numbers, addresses, phone numbers, base64 photos, {@code FullData} …)
 * counts as personal without being listed:
 * <ul>
 * <li>a result object keeps {@link #RESULT_SKELETON} only, its {@code PartnerParams} only
 *     {@link #PARTNER_PARAMS_SKELETON} (partner extras may carry anything);</li>
 * <li>a job keeps its ids, job type, state, codes and timestamps; its stored inputs (info.json's
 *     {@code id_info}, the ID request's fields) are dropped whole and its partner params cut to the
 *     skeleton;</li>
 * <li>every image of the job is personal.</li>
 * </ul>
 */
public final class PersonalData {
    /** The result-object keys that are not personal. */
    public static final List<String> RESULT_SKELETON = List.of("ResultCode", "ResultText", "ResultType",
            "SmileJobID", "JSONVersion", "IsFinalResult", "IsMachineResult", "ConfidenceValue", "Actions", "Source",
            "PartnerParams", "seq");
    /** The partner-param keys that are not personal: the ids the partner chose and the job type. */
    public static final List<String> PARTNER_PARAMS_SKELETON = List.of("user_id", "job_id", "job_type");

    private static final Set<String> RESULT_KEYS = Set.copyOf(RESULT_SKELETON);
    private static final Set<String> PARAM_KEYS = Set.copyOf(PARTNER_PARAMS_SKELETON);

    /** Why a job's images or personal fields were removed. */
    public enum Reason {
        /** The partner's retention period ran out. */
        RETENTION,
        /** The person was erased at an operator's request. */
        ERASURE
    }

    /** When and why something was removed from a job. */
    public record Removal(Reason reason, Instant at) {}

    private PersonalData() {}

    /** A result object (JSON text) without its personal fields; keys keep their order. */
    public static String stripResult(String resultJson) {
        var node = parse(resultJson);
        node.retain(RESULT_KEYS);
        if (node.get("PartnerParams") instanceof ObjectNode params) {
            params.retain(PARAM_KEYS);
        }
        return write(node);
    }

    /** Partner params (JSON text) cut to the skeleton. */
    public static String stripPartnerParams(String partnerParamsJson) {
        var node = parse(partnerParamsJson);
        node.retain(PARAM_KEYS);
        return write(node);
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) ResultObject.JSON.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a stored result object or partner params is not a JSON object", e);
        }
    }

    private static String write(ObjectNode node) {
        try {
            return ResultObject.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}
