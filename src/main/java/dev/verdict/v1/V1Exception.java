package dev.verdict.v1;

/**
 * A v1 request refused with a {@link V1Code}; the detail (optional) replaces the code's text in the
 * answer's {@code error} and never quotes input. The only exception v1 services throw on purpose.
 */
public final class V1Exception extends RuntimeException {
    private final V1Code code;

    public V1Exception(V1Code code, String detail) {
        super(detail == null ? code.text() : detail, null, false, false);
        this.code = code;
    }

    public V1Exception(V1Code code) {
        this(code, null);
    }

    public V1Code code() {
        return code;
    }
}
