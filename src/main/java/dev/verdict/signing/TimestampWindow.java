package dev.verdict.signing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Freshness of a request timestamp in production mode (DESIGN §3.3). The HMAC never uses the parsed
 * value; parsing only decides whether the request is recent enough. Accepts every style the SDKs
 * send (PROTOCOL.md §2.2): ISO-8601 with any fraction and offset, Ruby's
 * {@code 2022-10-27 13:25:52 +0000}, naive ISO (taken as UTC), and epoch seconds or milliseconds.
 */
public final class TimestampWindow {
    private static final DateTimeFormatter RUBY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private TimestampWindow() {}

    /** True when the window is off (zero) or the timestamp parses and lies within it. */
    public static boolean isFresh(String timestamp, Instant now, Duration window) {
        if (window.isZero() || window.isNegative()) {
            return true;
        }
        var instant = parse(timestamp);
        if (instant == null) {
            return false;
        }
        return Duration.between(instant, now).abs().compareTo(window) <= 0;
    }

    static Instant parse(String text) {
        var t = text.strip();
        if (t.matches("\\d{9,13}")) {
            var n = Long.parseLong(t);
            return t.length() >= 12 ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next style
        }
        try {
            return OffsetDateTime.parse(t, RUBY).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next style
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }
}
