package dev.verdict.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A configured rate limit: {@code requests} per {@code per} on average, at most {@code burst} at once.
 * Written {@code <n>/s}, {@code <n>/m} or {@code <n>/h}, optionally followed by {@code ,<burst>}
 * (default: n), e.g. {@code 100/s,200}; or {@code off}.
 */
public record RateLimitSetting(long requests, Duration per, long burst) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})/([smh])(?:,(\\d{1,9}))?");

    /** Empty for {@code off}; null when the text is not a rate limit. */
    static Optional<RateLimitSetting> parse(String text) {
        var t = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (t.equals("off")) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(t);
        if (!m.matches()) {
            return null;
        }
        var requests = Long.parseLong(m.group(1));
        var burst = m.group(3) == null ? requests : Long.parseLong(m.group(3));
        if (requests < 1 || burst < 1) {
            return null;
        }
        var per = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        return Optional.of(new RateLimitSetting(requests, per, burst));
    }

    @Override
    public String toString() {
        var unit = per.equals(Duration.ofSeconds(1)) ? "s" : per.equals(Duration.ofMinutes(1)) ? "m" : "h";
        return requests + "/" + unit + "," + burst;
    }
}
