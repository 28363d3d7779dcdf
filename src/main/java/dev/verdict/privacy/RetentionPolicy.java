package dev.verdict.privacy;

/**
 * How long a partner's job data is kept, counted from the job's creation: its images for
 * {@code imagesDays}, the personal fields of its inputs and results for {@code personalDays}.
 * {@code defaults} is true when the partner has no policy of its own (the configured defaults apply).
 */
public record RetentionPolicy(long partnerId, int imagesDays, int personalDays, boolean defaults) {
    /** The longest period that can be set: a hundred years, i.e. "keep". */
    public static final int MAX_DAYS = 36_500;
}
