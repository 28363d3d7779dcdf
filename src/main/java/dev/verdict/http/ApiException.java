package dev.verdict.http;

import java.util.Optional;

/**
 * A request Verdict refuses with one of its own codes. The message is the answer's {@code error} text
 * (never quoting input), {@link #field()} names the offending input where there is one. Answered by
 * {@link ErrorReplies}, the one place that turns refusals into replies.
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    public ApiException(ErrorCode code, String message, String field) {
        super(message == null ? code.text() : message);
        this.code = code;
        this.field = field;
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ApiException(ErrorCode code) {
        this(code, null, null);
    }

    public ErrorCode code() {
        return code;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
