package dev.verdict.operators;

import java.time.Instant;

/** The outcome of {@link OperatorService#authenticate}: exactly one of these. */
public sealed interface SignIn {
    /** The name and password match an active, unlocked account. */
    record SignedIn(Operator operator) implements SignIn {}

    /** Unknown name or wrong password (the two are not told apart). */
    record WrongCredentials() implements SignIn {}

    /** Too many wrong passwords in a row: no password is checked until {@code until}. */
    record Locked(Instant until) implements SignIn {}

    /** The password is right but the account is disabled. */
    record Disabled() implements SignIn {}
}
