package dev.verdict.intake;

/** A refused intake request: the code says which, the detail (optional) says what exactly. */
final class IntakeException extends RuntimeException {
    private final IntakeCode code;

    IntakeException(IntakeCode code, String detail) {
        super(detail == null ? code.text() : detail);
        this.code = code;
    }

    IntakeException(IntakeCode code) {
        this(code, null);
    }

    IntakeCode code() {
        return code;
    }
}
