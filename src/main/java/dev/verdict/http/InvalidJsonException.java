package dev.verdict.http;

/**
 * A request body {@link JsonSupport#readObject} refuses. Each endpoint family answers it with its own
 * invalid-JSON code; the message says which rule was broken and never quotes the input.
 */
public final class InvalidJsonException extends Exception {
    /** Why the body was refused. */
    public enum Reason {
        MALFORMED("malformed, a key given twice, or content after the object"),
        NOT_AN_OBJECT("the body is not an object"),
        NOT_TEXT("a string holds a NUL character or an unpaired surrogate"),
        NUMBER_OUT_OF_RANGE("a number is beyond the range of a double");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private final Reason reason;

    public InvalidJsonException(Reason reason) {
        super(reason.text, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
