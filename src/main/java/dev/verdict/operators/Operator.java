package dev.verdict.operators;

import java.time.Instant;

/** A named console account. Its password hash and lockout state stay inside this package. */
public record Operator(long id, String name, OperatorRole role, boolean active, Instant createdAt) {

    public boolean isAdmin() {
        return role == OperatorRole.ADMIN;
    }
}
