package dev.verdict.jobs;

import java.util.OptionalLong;

/** Smile job ids are the job's key as a 10-digit zero-padded string ("0000001897"). */
public final class SmileJobIds {
    private SmileJobIds() {}

    public static String format(long pk) {
        return String.format("%010d", pk);
    }

    public static OptionalLong parse(String text) {
        if (text == null || !text.matches("\\d{1,18}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(text));
    }
}
