package dev.verdict.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreResultSet;
import org.sqlite.core.CoreStatement;

/**
 * The little that differs between SQLite (the embedded default) and PostgreSQL; everything else is
 * portable SQL. Each has its own migration folder, and a test holds the two schemas together.
 */
public enum Dialect {
    SQLITE("classpath:db/migration/sqlite", Map.of()),
    POSTGRESQL("classpath:db/migration/postgresql",
            Map.of("text", "TEXT", "inline_text", "TEXT", "blob", "BYTEA", "bytes", "BYTEA"));

    private final String migrations;
    private final Map<String, String> typePlaceholders;

    Dialect(String migrations, Map<String, String> typePlaceholders) {
        this.migrations = migrations;
        this.typePlaceholders = typePlaceholders;
    }

    public static Dialect forUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        throw new IllegalArgumentException("unsupported JDBC URL (use jdbc:sqlite: or jdbc:postgresql:)");
    }

    /** The dialect of a connection, pooled or not (one check: this is on the request path). */
    static Dialect of(Connection connection) throws SQLException {
        return connection.isWrapperFor(SQLiteConnection.class) ? SQLITE : POSTGRESQL;
    }

    static Dialect of(Statement statement) throws SQLException {
        return statement.isWrapperFor(CoreStatement.class) ? SQLITE : POSTGRESQL;
    }

    static Dialect of(ResultSet rs) throws SQLException {
        return rs.isWrapperFor(CoreResultSet.class) ? SQLITE : POSTGRESQL;
    }

    /** The Flyway location of this database's migration history. */
    public String migrations() {
        return migrations;
    }

    /** Column types the PostgreSQL migrations name as ${text}, ${inline_text}, ${blob} and ${bytes}. */
    public Map<String, String> typePlaceholders() {
        return typePlaceholders;
    }

    /**
     * The row lock a read-then-write takes on PostgreSQL. SQLite has none and needs none: every
     * transaction there begins IMMEDIATE, holding the database's one write lock from its first statement.
     */
    public static String forUpdate(Connection c) throws SQLException {
        return of(c) == POSTGRESQL ? " FOR UPDATE" : "";
    }

    /** True when the exception reports a unique-constraint violation. */
    public boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState())
                    || sql.getErrorCode() == 19 && sql.getMessage() != null && sql.getMessage().contains("UNIQUE"))) {
                return true;
            }
        }
        return false;
    }
}
