package dev.verdict.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete HTTP answer. Features build these; only {@link WebServerHost} turns them into bytes on the wire. */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json";

    public static Reply json(int status, byte[] body) {
        return new Reply(status, JSON, body, Map.of());
    }

    /** The error shape of every Verdict answer: {@code {"error": "...", "code": "..."}}. */
    public static Reply error(int status, String code, String message) {
        return json(status, Json.write(g -> {
            g.writeStringField("error", message);
            g.writeStringField("code", code);
        }));
    }

    /** Like {@link #error} but names the offending input field, for the internal API. */
    public static Reply fieldError(int status, String code, String message, String field) {
        return json(status, Json.write(g -> {
            g.writeStringField("error", message);
            g.writeStringField("code", code);
            if (field != null) {
                g.writeStringField("field", field);
            }
        }));
    }

    public Reply withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(copy));
    }

    /** Builds small JSON documents with a streaming generator. */
    public static final class Json {
        private Json() {}

        @FunctionalInterface
        public interface Fields {
            void write(JsonGenerator generator) throws IOException;
        }

        public static byte[] write(Fields fields) {
            var out = new ByteArrayOutputStream(256);
            try (var generator = JsonSupport.FACTORY.createGenerator(out)) {
                generator.writeStartObject();
                fields.write(generator);
                generator.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
