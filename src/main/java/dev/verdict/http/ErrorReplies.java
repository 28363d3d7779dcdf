package dev.verdict.http;

import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;

/**
 * The one mapping from refusals to answers: a {@link V1Exception} gets the v1 shape
 * {@code {"error", "code"}} with its family's code and status, an {@link ApiException} Verdict's own
 * {@code {"error", "code"[, "field"]}}. {@link WebServerHost} applies it to whatever a handler throws,
 * and builds the answers to what the framework detects here too, with the listener's codes.
 */
public final class ErrorReplies {
    private ErrorReplies() {}

    public static Reply of(V1Exception e) {
        return of(e.code(), e.getMessage());
    }

    public static Reply of(V1Code code, String message) {
        return Reply.error(code.httpStatus(), code.code(), message);
    }

    public static Reply of(ApiException e) {
        return Reply.fieldError(e.code().httpStatus(), e.code().code(), e.getMessage(), e.field().orElse(null));
    }

    public static Reply of(ErrorCode code, String message) {
        return Reply.error(code.httpStatus(), code.code(), message);
    }

    /** Over a rate limit: 429 with the limit's headers, on every listener family the same code. */
    static Reply tooManyRequests(TooManyRequestsException e) {
        var reply = Reply.error(ErrorCode.RATE_LIMITED.httpStatus(), ErrorCode.RATE_LIMITED.code(), e.getMessage());
        return new Reply(reply.status(), reply.contentType(), reply.body(), e.headers());
    }

    /** A body over the handler's cap: the listener's code (2303 on v1 listeners). */
    static Reply payloadTooLarge(String code, long limit) {
        return Reply.error(413, code, ErrorCode.PAYLOAD_TOO_LARGE.text() + " (limit " + limit + " bytes)");
    }

    /** An unexpected failure: the listener's code (2301 on v1 listeners); never says what failed. */
    static Reply internalError(String code) {
        return Reply.error(500, code, ErrorCode.INTERNAL_ERROR.text());
    }

    /** A body whose framing is broken: nothing after it can be read, so the connection closes. */
    static Reply malformedBody(int status, String code) {
        return Reply.error(status, code, ErrorCode.BAD_REQUEST.text()).withHeader("Connection", "close");
    }

    /** An error the framework answers before any route runs, with its reason phrase as the text. */
    static Reply framework(int status, String code, String reasonPhrase) {
        return Reply.error(status, code, reasonPhrase);
    }
}
