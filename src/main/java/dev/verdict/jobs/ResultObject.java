package dev.verdict.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Turns a posted result into the object partners receive (DESIGN §3.7): validated against the
 * result-code table, every v1 value a string, keys in the documented order, and the fields only
 * Verdict may set (SmileJobID, PartnerParams, JSONVersion, Source, seq) filled in here.
 */
final class ResultObject {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SET_BY_VERDICT = Set.of("SmileJobID", "PartnerParams", "JSONVersion", "Source");
    private static final Set<String> HANDLED = Set.of("seq", "produced_by", "ResultCode", "ResultText", "ResultType",
            "IsFinalResult", "IsMachineResult", "ConfidenceValue", "Actions");

    /** A validated post: the entry from the table and the fields still to be completed with the job. */
    record Parsed(int expectedSeq, ResultCodes.Entry entry, ObjectNode posted, String producedBy) {}

    private ResultObject() {}

    static Parsed parse(JsonNode body, JobType jobType) {
        if (body == null || !body.isObject()) {
            throw JobException.invalid(null, "the body must be a JSON object");
        }
        var seq = positiveInt(body.get("seq"), "seq");
        var code = text(body.get("ResultCode"));
        if (code == null || !code.matches("\\d{4}")) {
            throw JobException.invalid("ResultCode", "ResultCode must be a 4-digit string");
        }
        var entry = ResultCodes.find(code, jobType.code()).orElseThrow(() -> JobException.invalid("ResultCode",
                "result code " + code + " is not in the result-code table for job type " + jobType.code()));
        var isFinal = body.get("IsFinalResult");
        if (isFinal != null && !isFinal.isNull()) {
            var value = bool(isFinal, "IsFinalResult");
            if (value != entry.isFinal()) {
                throw JobException.invalid("IsFinalResult", "result code " + code + " is "
                        + (entry.isFinal() ? "final" : "not final") + " for job type " + jobType.code());
            }
        }
        var machine = body.get("IsMachineResult");
        if (machine != null && !machine.isNull()) {
            bool(machine, "IsMachineResult");
        }
        var actions = body.get("Actions");
        if (actions != null && !actions.isNull()) {
            if (!actions.isObject()) {
                throw JobException.invalid("Actions", "Actions must be an object of strings");
            }
            for (var field : actions.properties()) {
                if (!field.getValue().isTextual()) {
                    throw JobException.invalid("Actions", "Actions." + field.getKey() + " must be a string");
                }
            }
        }
        for (var name : SET_BY_VERDICT) {
            if (body.has(name)) {
                throw JobException.invalid(name, name + " is set by Verdict and must not be posted");
            }
        }
        for (var name : new String[] {"ResultText", "ResultType", "produced_by"}) {
            var value = body.get(name);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw JobException.invalid(name, name + " must be a string");
            }
        }
        var confidence = body.get("ConfidenceValue");
        if (confidence != null && !confidence.isNull() && !confidence.isTextual() && !confidence.isNumber()) {
            throw JobException.invalid("ConfidenceValue", "ConfidenceValue must be a string or a number");
        }
        var producedBy = text(body.get("produced_by"));
        return new Parsed(seq, entry, (ObjectNode) body, producedBy == null ? "internal-api" : producedBy);
    }

    /** The result object in v1 key order, with Verdict's own fields. */
    static String render(Parsed parsed, Job job, int seq) {
        var posted = parsed.posted();
        var entry = parsed.entry();
        var out = JSON.createObjectNode();
        out.put("ResultCode", entry.code());
        out.put("ResultText", textOr(posted.get("ResultText"), entry.text()));
        out.put("ResultType", textOr(posted.get("ResultType"), job.jobType().resultType()));
        out.put("SmileJobID", job.smileJobId());
        out.put("JSONVersion", "1.0.0");
        out.put("IsFinalResult", Boolean.toString(entry.isFinal()));
        var machine = posted.get("IsMachineResult");
        out.put("IsMachineResult", machine == null || machine.isNull() ? "true" : Boolean.toString(bool(machine, "")));
        var confidence = posted.get("ConfidenceValue");
        if (confidence != null && !confidence.isNull()) {
            out.put("ConfidenceValue", confidence.asText());
        }
        var actions = posted.get("Actions");
        if (actions != null && actions.isObject()) {
            out.set("Actions", actions);
        }
        out.put("Source", job.jobType().source());
        out.set("PartnerParams", partnerParams(job));
        for (var field : posted.properties()) {
            var name = field.getKey();
            var value = field.getValue();
            if (HANDLED.contains(name) || value.isNull()) {
                continue;
            }
            // ID fields and other engine output: scalars become strings like every v1 value
            if (value.isValueNode() && !job.jobType().typedResultFields().contains(name)) {
                out.put(name, value.asText());
            } else {
                out.set(name, value);
            }
        }
        out.put("seq", Integer.toString(seq));
        try {
            return JSON.writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render a result object", e);
        }
    }

    private static JsonNode partnerParams(Job job) {
        try {
            return JSON.readTree(job.partnerParamsJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored partner params of job " + job.smileJobId() + " are not JSON", e);
        }
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        return null;
    }

    private static String textOr(JsonNode node, String fallback) {
        var value = text(node);
        return value == null || value.isEmpty() ? fallback : value;
    }

    static boolean bool(JsonNode node, String field) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.textValue().equals("true") || node.textValue().equals("false"))) {
            return Boolean.parseBoolean(node.textValue());
        }
        throw JobException.invalid(field, field + " must be true or false");
    }

    static int positiveInt(JsonNode node, String field) {
        var value = text(node);
        if (value == null || !value.matches("[1-9]\\d{0,8}")) {
            throw JobException.invalid(field, field + " must be a positive whole number");
        }
        return Integer.parseInt(value);
    }
}
