package dev.verdict.jobs;

import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;

/**
 * A job request that cannot be carried out. {@link #field()} names the offending input, if one; the
 * kind decides the internal API's answer (400 invalid_field, 404 not_found, 409 conflict).
 */
public final class JobException extends ApiException {
    public enum Kind {
        INVALID(ErrorCode.INVALID_FIELD),
        NOT_FOUND(ErrorCode.NOT_FOUND),
        CONFLICT(ErrorCode.CONFLICT);

        private final ErrorCode code;

        Kind(ErrorCode code) {
            this.code = code;
        }
    }

    private final Kind kind;

    public JobException(Kind kind, String field, String message) {
        super(kind.code, message, field);
        this.kind = kind;
    }

    public static JobException invalid(String field, String message) {
        return new JobException(Kind.INVALID, field, message);
    }

    public Kind kind() {
        return kind;
    }
}
