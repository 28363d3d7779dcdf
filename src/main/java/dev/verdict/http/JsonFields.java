package dev.verdict.http;

import com.fasterxml.jackson.databind.JsonNode;

/** Lenient readers for partner JSON: SDKs send flags as booleans or strings, ids as strings or numbers. */
public final class JsonFields {
    private JsonFields() {}

    /** A string as sent, or an integer's decimal text; anything else (or empty) is null. */
    public static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String value = null;
        if (node.isTextual()) {
            value = node.textValue();
        } else if (node.isIntegralNumber()) {
            value = node.bigIntegerValue().toString();
        } else if (node.isNumber()) {
            value = node.decimalValue().toPlainString();
        }
        return value == null || value.isEmpty() ? null : value;
    }

    /** Only true and "true" enable a flag; false, "false", null, absence and anything else do not. */
    public static boolean flag(JsonNode node) {
        if (node == null) {
            return false;
        }
        return node.isBoolean() ? node.booleanValue() : node.isTextual() && "true".equalsIgnoreCase(node.textValue());
    }

    /** A job type given as a number or a numeric string; -1 when absent or malformed. */
    public static int jobType(JsonNode node) {
        var value = text(node);
        return value != null && value.matches("\\d{1,3}") ? Integer.parseInt(value) : -1;
    }

    /** An absolute http(s) URL a callback could go to, else null (DESIGN §4: replaced by the default). */
    public static String usableUrl(JsonNode node) {
        var value = text(node);
        if (value == null || value.length() > 2048) {
            return null;
        }
        try {
            var uri = new java.net.URI(value.strip());
            var scheme = uri.getScheme();
            if (uri.isAbsolute() && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
                    && uri.getHost() != null && !uri.getHost().isEmpty()) {
                return uri.toString();
            }
        } catch (java.net.URISyntaxException e) {
            return null;
        }
        return null;
    }
}
