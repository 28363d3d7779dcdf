package dev.verdict.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * One configured Jackson for the whole service. Partner JSON is hostile: nesting and sizes are
 * bounded, a key given twice or anything but whitespace after the value is an error (a lenient
 * reader would pick one of two meanings silently), and {@link #readObject} is the one place that
 * decides what a request body may hold.
 */
public final class JsonSupport {
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(16 * 1024 * 1024)
                    .maxNumberLength(64)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonSupport() {}

    /**
     * A request body as one JSON object whose every string (keys included) is text a database stores
     * as sent, and whose every number is finite. Refused: a NUL character (PostgreSQL cannot store
     * it) and an unpaired UTF-16 surrogate such as {@code "\ud800"} (not a character at all: stored as
     * {@code ?}, two different ids would become one), and a number beyond a double such as
     * {@code 1e999}.
     */
    public static ObjectNode readObject(byte[] body) throws InvalidJsonException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidJsonException(InvalidJsonException.Reason.MALFORMED);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // cannot happen: reading from memory
        }
        if (!(root instanceof ObjectNode object)) {
            throw new InvalidJsonException(InvalidJsonException.Reason.NOT_AN_OBJECT);
        }
        check(object);
        return object;
    }

    private static void check(JsonNode node) throws InvalidJsonException {
        if (node.isTextual()) {
            checkText(node.textValue());
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            throw new InvalidJsonException(InvalidJsonException.Reason.NUMBER_OUT_OF_RANGE);
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                checkText(field.getKey());
                check(field.getValue());
            }
        } else if (node.isArray()) {
            for (var item : node) {
                check(item);
            }
        }
    }

    private static void checkText(String text) throws InvalidJsonException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw new InvalidJsonException(InvalidJsonException.Reason.NOT_TEXT);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a proper pair: one character outside the BMP
            } else if (Character.isSurrogate(c)) {
                throw new InvalidJsonException(InvalidJsonException.Reason.NOT_TEXT);
            }
        }
    }
}
