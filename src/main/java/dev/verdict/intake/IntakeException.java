package dev.verdict.intake;

import dev.verdict.v1.V1Code;

/** A refused intake request: the code says which, the detail (optional) says what exactly. */
final class IntakeException extends RuntimeException {
    private final V1Code code;

    IntakeException(V1Code code, String detail) {
        super(detail == null ? code.text() : detail);
        this.code = code;
    }

    IntakeException(V1Code code) {
        this(code, null);
    }

    V1Code code() {
        return code;
    }
}
