package dev.verdict.db;

import java.sql.SQLException;
import java.util.Map;

/** The little that differs between H2 and PostgreSQL; everything else is portable SQL. */
public enum Dialect {
    H2(Map.of("text", "CHARACTER LARGE OBJECT", "inline_text", "CHARACTER VARYING(1000000000)",
            "blob", "BINARY LARGE OBJECT", "bytes", "VARBINARY(1024)")),
    POSTGRESQL(Map.of("text", "TEXT", "inline_text", "TEXT", "blob", "BYTEA", "bytes", "BYTEA"));

    private final Map<String, String> typePlaceholders;

    Dialect(Map<String, String> typePlaceholders) {
        this.typePlaceholders = typePlaceholders;
    }

    public static Dialect forUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("unsupported JDBC URL (use jdbc:h2: or jdbc:postgresql:)");
    }

    /** Column types the portable migrations name as ${text}, ${inline_text}, ${blob} and ${bytes}. */
    public Map<String, String> typePlaceholders() {
        return typePlaceholders;
    }

    /** True when the exception reports a unique-constraint violation (SQLState 23505 on both). */
    public boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
