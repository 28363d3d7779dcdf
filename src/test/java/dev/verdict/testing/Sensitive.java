package dev.verdict.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values that must never appear in a log: API keys, signatures, ID numbers, names, dates of birth,
 * images (as base64 chunks) and whole request bodies, each with a label saying what it is. A test
 * registers every such value as it makes it up, then asks which log lines hold any of them.
 */
public final class Sensitive {
    /** Shorter values would match unrelated text. */
    private static final int SHORTEST = 8;
    private final Map<String, String> labelByValue = new LinkedHashMap<>();

    /** Registers a value and returns it, so a request can be built from the call. */
    public String add(String label, String value) {
        if (value.strip().length() < SHORTEST) {
            throw new IllegalArgumentException(label + ": too short to search for reliably: make it distinctive");
        }
        labelByValue.putIfAbsent(value, label);
        return value;
    }

    /** Registers an image by 64-character chunks of its base64 (standard and URL-safe); returns it. */
    public byte[] image(String label, byte[] image) {
        var standard = Base64.getEncoder().encodeToString(image);
        var urlSafe = Base64.getUrlEncoder().encodeToString(image);
        for (var at : List.of(0, standard.length() / 2, Math.max(0, standard.length() - 70))) {
            add(label + " (base64)", standard.substring(at, Math.min(standard.length(), at + 64)));
            add(label + " (base64url)", urlSafe.substring(at, Math.min(urlSafe.length(), at + 64)));
        }
        return image;
    }

    /** Registers a request body (as sent) and returns it. */
    public String body(String label, String body) {
        return add(label + " (request body)", body);
    }

    public byte[] body(String label, byte[] body) {
        add(label + " (request body)", new String(body, StandardCharsets.ISO_8859_1));
        return body;
    }

    public int size() {
        return labelByValue.size();
    }

    /** Every line holding a registered value, with what it holds; empty when none does. */
    public List<String> foundIn(String text) {
        var hits = new ArrayList<String>();
        var lines = text.split("\n", -1);
        for (var entry : labelByValue.entrySet()) {
            if (entry.getKey().contains("\n")) { // a multi-line body: anywhere in the text
                if (text.contains(entry.getKey())) {
                    hits.add(entry.getValue() + " in the output");
                }
                continue;
            }
            for (var i = 0; i < lines.length; i++) {
                if (lines[i].contains(entry.getKey())) {
                    hits.add(entry.getValue() + " in line " + (i + 1) + ": " + abbreviate(lines[i]));
                }
            }
        }
        return hits;
    }

    private static String abbreviate(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
