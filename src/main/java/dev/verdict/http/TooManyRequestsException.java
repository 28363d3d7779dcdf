package dev.verdict.http;

import java.util.Map;

/**
 * A request over one of its rate limits ({@link RateLimits}): answered 429 with the {@code RateLimit-Policy},
 * {@code RateLimit} and {@code Retry-After} headers. Thrown by the address check before a handler runs, or
 * by the partner check once a signature verified; a service that turns unexpected failures into its
 * family's system error lets this one through.
 */
public final class TooManyRequestsException extends RuntimeException {
    private final Map<String, String> headers;

    TooManyRequestsException(String message, Map<String, String> headers) {
        super(message, null, false, false); // no stack trace: this is an answer, not a failure
        this.headers = headers;
    }

    /** The rate-limit headers of the 429 answer. */
    public Map<String, String> headers() {
        return headers;
    }
}
