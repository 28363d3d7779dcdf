package dev.verdict.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A decoded {@code application/x-www-form-urlencoded} body. Decoding is strict: a {@code %} must be
 * followed by two hex digits, the bytes must be valid UTF-8, and no value may hold a control character
 * other than tab, CR and LF (browsers send those from text areas). '+' is a space.
 */
public final class Form {
    public static final String MEDIA_TYPE = "application/x-www-form-urlencoded";
    /** More fields than any console form has: a body of thousands of empty fields is refused early. */
    private static final int MAX_FIELDS = 64;

    private final Map<String, List<String>> fields;

    private Form(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    static Form parse(byte[] body) {
        var fields = new LinkedHashMap<String, List<String>>();
        if (body.length == 0) {
            return new Form(fields);
        }
        var text = new String(body, StandardCharsets.ISO_8859_1); // one char per byte; decoded below
        var pairs = text.split("&", -1);
        if (pairs.length > MAX_FIELDS) {
            throw new FormException("too many form fields");
        }
        for (var pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            var eq = pair.indexOf('=');
            var name = decode(eq < 0 ? pair : pair.substring(0, eq));
            var value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return new Form(fields);
    }

    /** The first value of a field. */
    public Optional<String> first(String name) {
        var values = fields.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The first value of a field, or "" when the field is absent. */
    public String value(String name) {
        return first(name).orElse("");
    }

    public List<String> all(String name) {
        return Collections.unmodifiableList(fields.getOrDefault(name, List.of()));
    }

    private static String decode(String encoded) {
        var bytes = ByteBuffer.allocate(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new FormException("truncated percent-encoding in the form");
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new FormException("invalid percent-encoding in the form");
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FormException("the form is not valid UTF-8");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
                throw new FormException("the form holds a control character");
            }
        }
        return decoded;
    }
}
