package dev.verdict.console;

import dev.verdict.operators.Operator;

/** Who may use a console page (DESIGN §10 "Roles"): any signed-in operator, or admins only. */
public enum Access {
    OPERATOR,
    ADMIN;

    public boolean allows(Operator operator) {
        return this == OPERATOR || operator.isAdmin();
    }
}
