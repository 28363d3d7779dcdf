package dev.verdict.operators;

import dev.verdict.db.Dialect;
import dev.verdict.db.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for operators and their console sessions. */
final class OperatorStore {
    private static final String OPERATOR_COLUMNS = "o.id, o.name, o.role, o.active, o.created_at";

    /** An operator with what signing in needs: the stored hash and the lockout state. */
    record Account(Operator operator, String passwordHash, int failedAttempts, Instant lockedUntil) {}

    /** A stored session, ended or not, with its operator as the database knows them now. */
    record Session(Operator operator, String csrfToken, Instant createdAt, Instant lastSeenAt, Instant endedAt) {}

    long insert(Connection c, String name, OperatorRole role, String passwordHash, Instant now) throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO operators (name, role, password_hash, active, failed_attempts, created_at, updated_at)
                VALUES (?, ?, ?, ?, 0, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, name);
            insert.setString(2, role.wireName());
            insert.setString(3, passwordHash);
            insert.setBoolean(4, true);
            Jdbc.setInstant(insert, 5, now);
            Jdbc.setInstant(insert, 6, now);
            insert.executeUpdate();
            try (var keys = insert.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key returned");
                }
                return keys.getLong(1);
            }
        }
    }

    Optional<Operator> find(Connection c, String name) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + OPERATOR_COLUMNS + " FROM operators o WHERE o.name = ?")) {
            select.setString(1, name);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(operator(rs)) : Optional.empty();
            }
        }
    }

    /** The account by name; {@code lock} holds its row until the transaction ends (so concurrent failures count). */
    Optional<Account> account(Connection c, String name, boolean lock) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + OPERATOR_COLUMNS
                + ", o.password_hash, o.failed_attempts, o.locked_until FROM operators o WHERE o.name = ?"
                + (lock ? Dialect.forUpdate(c) : ""))) {
            select.setString(1, name);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Account(operator(rs), rs.getString("password_hash"),
                        rs.getInt("failed_attempts"), Jdbc.getInstant(rs, "locked_until")));
            }
        }
    }

    List<Operator> list(Connection c) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + OPERATOR_COLUMNS + " FROM operators o ORDER BY o.name");
                var rs = select.executeQuery()) {
            var operators = new ArrayList<Operator>();
            while (rs.next()) {
                operators.add(operator(rs));
            }
            return operators;
        }
    }

    int setActive(Connection c, long operatorId, boolean active, Instant now) throws SQLException {
        try (var update = c.prepareStatement("UPDATE operators SET active = ?, updated_at = ? WHERE id = ?")) {
            update.setBoolean(1, active);
            Jdbc.setInstant(update, 2, now);
            update.setLong(3, operatorId);
            return update.executeUpdate();
        }
    }

    /** A new password hash; a reset also lifts a lockout and forgets earlier failures. */
    int setPassword(Connection c, long operatorId, String passwordHash, Instant now) throws SQLException {
        try (var update = c.prepareStatement("""
                UPDATE operators SET password_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ?
                WHERE id = ?""")) {
            update.setString(1, passwordHash);
            Jdbc.setInstant(update, 2, now);
            update.setLong(3, operatorId);
            return update.executeUpdate();
        }
    }

    int setFailures(Connection c, long operatorId, int failedAttempts, Instant lockedUntil, Instant now)
            throws SQLException {
        try (var update = c.prepareStatement(
                "UPDATE operators SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?")) {
            update.setInt(1, failedAttempts);
            Jdbc.setInstant(update, 2, lockedUntil);
            Jdbc.setInstant(update, 3, now);
            update.setLong(4, operatorId);
            return update.executeUpdate();
        }
    }

    void insertSession(Connection c, String tokenHash, long operatorId, String csrfToken, Instant now)
            throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO operator_sessions (token_hash, operator_id, csrf_token, created_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?)""")) {
            insert.setString(1, tokenHash);
            insert.setLong(2, operatorId);
            insert.setString(3, csrfToken);
            Jdbc.setInstant(insert, 4, now);
            Jdbc.setInstant(insert, 5, now);
            insert.executeUpdate();
        }
    }

    Optional<Session> session(Connection c, String tokenHash) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + OPERATOR_COLUMNS
                + ", s.csrf_token, s.created_at AS session_created_at, s.last_seen_at, s.ended_at"
                + " FROM operator_sessions s JOIN operators o ON o.id = s.operator_id WHERE s.token_hash = ?")) {
            select.setString(1, tokenHash);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Session(operator(rs), rs.getString("csrf_token"),
                        Jdbc.getInstant(rs, "session_created_at"), Jdbc.getInstant(rs, "last_seen_at"),
                        Jdbc.getInstant(rs, "ended_at")));
            }
        }
    }

    int touchSession(Connection c, String tokenHash, Instant now) throws SQLException {
        try (var update = c.prepareStatement(
                "UPDATE operator_sessions SET last_seen_at = ? WHERE token_hash = ? AND ended_at IS NULL")) {
            Jdbc.setInstant(update, 1, now);
            update.setString(2, tokenHash);
            return update.executeUpdate();
        }
    }

    int endSession(Connection c, String tokenHash, Instant now) throws SQLException {
        try (var update = c.prepareStatement(
                "UPDATE operator_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL")) {
            Jdbc.setInstant(update, 1, now);
            update.setString(2, tokenHash);
            return update.executeUpdate();
        }
    }

    int endSessionsOf(Connection c, long operatorId, Instant now) throws SQLException {
        try (var update = c.prepareStatement(
                "UPDATE operator_sessions SET ended_at = ? WHERE operator_id = ? AND ended_at IS NULL")) {
            Jdbc.setInstant(update, 1, now);
            update.setLong(2, operatorId);
            return update.executeUpdate();
        }
    }

    private static Operator operator(ResultSet rs) throws SQLException {
        return new Operator(rs.getLong("id"), rs.getString("name"),
                OperatorRole.fromWireName(rs.getString("role")).orElseThrow(
                        () -> new SQLException("unknown operator role in the database")),
                rs.getBoolean("active"), Jdbc.getInstant(rs, "created_at"));
    }
}
