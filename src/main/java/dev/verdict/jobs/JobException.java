package dev.verdict.jobs;

import java.util.Optional;

/** A job request that cannot be carried out. {@link #field()} names the offending input, if one. */
public final class JobException extends RuntimeException {
    public enum Kind {
        INVALID,
        NOT_FOUND,
        CONFLICT
    }

    private final Kind kind;
    private final String field;

    public JobException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static JobException invalid(String field, String message) {
        return new JobException(Kind.INVALID, field, message);
    }

    public Kind kind() {
        return kind;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
