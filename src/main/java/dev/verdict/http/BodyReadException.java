package dev.verdict.http;

import java.io.IOException;

/** A request body that could not be read to its end. None of it is used. */
final class BodyReadException extends IOException {
    /** Why the body stopped. */
    enum Reason {
        /** The client closed the connection before its body was complete. */
        CLIENT_GONE("the client closed the connection mid-body"),
        /** A slice of the body did not arrive within the body timeout; the connection is closed. */
        TIMED_OUT("the body stalled beyond the body timeout"),
        /** The body's framing is broken (e.g. a chunk size that is not a number or out of range). */
        MALFORMED("the body's framing is malformed");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private final Reason reason;
    private final int status;

    BodyReadException(Reason reason, int status) {
        super(reason.text, null);
        this.reason = reason;
        this.status = status;
    }

    Reason reason() {
        return reason;
    }

    /** The HTTP status to answer a {@link Reason#MALFORMED} body with (400, or 413 when over the transport cap). */
    int status() {
        return status;
    }
}
