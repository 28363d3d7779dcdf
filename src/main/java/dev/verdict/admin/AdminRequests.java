package dev.verdict.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.http.InvalidJsonException;
import dev.verdict.http.JsonSupport;
import dev.verdict.http.Request;
import java.util.Optional;

/** Reading internal API requests: JSON bodies and their fields, refused with field-naming errors. */
final class AdminRequests {
    private static final int MAX_JSON_BYTES = 1024 * 1024;

    private AdminRequests() {}

    /** The body as a JSON object; anything else is refused 400 invalid_json. */
    static JsonNode jsonObject(Request request) throws Exception {
        try {
            return JsonSupport.readObject(request.body(MAX_JSON_BYTES));
        } catch (InvalidJsonException e) {
            throw new ApiException(ErrorCode.INVALID_JSON, ErrorCode.INVALID_JSON.text() + ": " + e.getMessage());
        }
    }

    static String requiredText(JsonNode json, String field) {
        return optionalText(json, field)
                .orElseThrow(() -> invalid(field, field + " is required and must be a string"));
    }

    static Optional<String> optionalText(JsonNode json, String field) {
        var node = json.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual() && !node.textValue().isEmpty()) {
            return Optional.of(node.textValue());
        }
        if (node.isIntegralNumber()) {
            return Optional.of(node.asText());
        }
        throw invalid(field, field + " must be a non-empty string");
    }

    /** A partner id as the internal API takes it: the partner's digits, else 400 {@code invalid_field}. */
    static long partnerId(String text) {
        if (!text.matches("\\d{1,18}")) {
            throw invalid("partner_id", "partner_id must be the partner's digits");
        }
        return Long.parseLong(text);
    }

    /** 400 invalid_field naming the field. */
    static ApiException invalid(String field, String message) {
        return new ApiException(ErrorCode.INVALID_FIELD, message, field);
    }
}
