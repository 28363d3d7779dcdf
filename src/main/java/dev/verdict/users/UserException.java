package dev.verdict.users;

/** An operator request on users that cannot be carried out; the message says why. */
public final class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }
}
