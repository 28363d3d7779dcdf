package dev.verdict.operators;

/** An operator-account request that cannot be carried out; the message says why. */
public final class OperatorException extends RuntimeException {
    public OperatorException(String message) {
        super(message);
    }
}
