package dev.verdict.http;

/** A request body that is not a well-formed, bounded HTML form. The message never quotes the input. */
public final class FormException extends RuntimeException {
    public FormException(String message) {
        super(message);
    }
}
