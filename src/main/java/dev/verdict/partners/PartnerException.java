package dev.verdict.partners;

/** An operator request on partners that cannot be carried out; the message says why. */
public final class PartnerException extends RuntimeException {
    public PartnerException(String message) {
        super(message);
    }
}
