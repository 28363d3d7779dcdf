package dev.verdict.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete HTTP answer. Features build these; only {@link WebServerHost} turns them into bytes on the wire.
 * {@code code} is the error code the body carries ({@code null} when none): metrics label answers with it.
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers, String code) {

    public Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    public static final String JSON = "application/json";
    public static final String HTML = "text/html; charset=utf-8";

    /**
     * The headers of every console answer (DESIGN §10): nothing from another origin, no framing, no
     * inline script or style, forms post only to this origin, no sniffing, no referrer, and no copy
     * kept anywhere (the pages show personal data).
     */
    public static final Map<String, String> PAGE_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");

    public static Reply json(int status, byte[] body) {
        return new Reply(status, JSON, body, Map.of());
    }

    /** A console page, with {@link #PAGE_HEADERS}. */
    public static Reply html(int status, String body) {
        return new Reply(status, HTML, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), PAGE_HEADERS);
    }

    /** A file the console's pages use (a stylesheet), with {@link #PAGE_HEADERS}. */
    public static Reply asset(String contentType, byte[] body) {
        return new Reply(200, contentType, body, PAGE_HEADERS);
    }

    /** 303 See Other: after a form post, the browser GETs {@code location} (a path on this listener). */
    public static Reply seeOther(String location) {
        return new Reply(303, HTML, new byte[0], PAGE_HEADERS).withHeader("Location", location);
    }

    /**
     * Sets a cookie for {@code path}, {@code HttpOnly} and {@code SameSite=Strict} always, {@code Secure}
     * when asked (the request came over TLS). An empty value with {@code maxAgeSeconds} 0 deletes it.
     */
    public Reply withCookie(String name, String value, String path, boolean secure, Long maxAgeSeconds) {
        var cookie = new StringBuilder(name).append('=').append(value).append("; Path=").append(path)
                .append("; HttpOnly; SameSite=Strict");
        if (secure) {
            cookie.append("; Secure");
        }
        if (maxAgeSeconds != null) {
            cookie.append("; Max-Age=").append(maxAgeSeconds);
        }
        return withHeader("Set-Cookie", cookie.toString());
    }

    /** The error shape of every Verdict answer: {@code {"error": "...", "code": "..."}}. */
    public static Reply error(int status, String code, String message) {
        return json(status, Json.write(g -> {
            g.writeStringField("error", message);
            g.writeStringField("code", code);
        })).withCode(code);
    }

    /** Like {@link #error} but names the offending input field, for the internal API. */
    public static Reply fieldError(int status, String code, String message, String field) {
        return json(status, Json.write(g -> {
            g.writeStringField("error", message);
            g.writeStringField("code", code);
            if (field != null) {
                g.writeStringField("field", field);
            }
        })).withCode(code);
    }

    /** The same answer, labelled with the code its body carries. */
    public Reply withCode(String bodyCode) {
        return new Reply(status, contentType, body, headers, bodyCode);
    }

    public Reply withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(copy), code);
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
