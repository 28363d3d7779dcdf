package dev.verdict.operators;

import java.time.Instant;

/** A session that is still valid, with the operator it belongs to (as the database knows them now). */
public record ActiveSession(Operator operator, String csrfToken, Instant startedAt) {
    @Override
    public String toString() {
        return "ActiveSession[operator=" + operator.name() + ", startedAt=" + startedAt + ", csrfToken=****]";
    }
}
