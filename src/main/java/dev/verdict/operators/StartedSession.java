package dev.verdict.operators;

import java.time.Instant;

/**
 * A new console session: {@code token} goes into the session cookie and exists nowhere else (the
 * database keeps its SHA-256); {@code csrfToken} goes into every form of that session.
 * {@link #toString()} leaves both out.
 */
public record StartedSession(String token, String csrfToken, Operator operator, Instant startedAt) {
    @Override
    public String toString() {
        return "StartedSession[operator=" + operator.name() + ", startedAt=" + startedAt + ", tokens=****]";
    }
}
