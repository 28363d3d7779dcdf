package dev.verdict.operators;

import java.util.Arrays;
import java.util.Optional;

/** What an operator may do in the console: a reviewer reviews and reads jobs; an admin also administers. */
public enum OperatorRole {
    REVIEWER("reviewer"),
    ADMIN("admin");

    private final String wireName;

    OperatorRole(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the command line, in JSON and in the database. */
    public String wireName() {
        return wireName;
    }

    public static Optional<OperatorRole> fromWireName(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName.equals(name)).findFirst();
    }
}
