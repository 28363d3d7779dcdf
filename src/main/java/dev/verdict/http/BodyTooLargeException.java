package dev.verdict.http;

/** The request body exceeded the handler's cap; nothing of it was used. */
public final class BodyTooLargeException extends Exception {
    private final long limit;

    public BodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
