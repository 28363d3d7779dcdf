package dev.verdict.secrets;

import dev.verdict.db.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL for one kind of rotating secret (its table). Secret material arrives and leaves encrypted. */
final class RotatingSecretStore {
    private final String table;

    RotatingSecretStore(SecretKind kind) {
        this.table = kind.table();
    }

    record Stored(long id, byte[] ciphertext) {}

    /** Inserts the row first: its id is part of the associated data the ciphertext is sealed with. */
    long insertRow(Connection c, long partnerId, Instant now) throws SQLException {
        try (var insert = c.prepareStatement("INSERT INTO " + table + " (partner_id, status, created_at) VALUES (?, 'ACTIVE', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, partnerId);
            Jdbc.setInstant(insert, 2, now);
            insert.executeUpdate();
            try (var keys = insert.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no generated key returned");
                }
                return keys.getLong(1);
            }
        }
    }

    void setCiphertext(Connection c, long id, byte[] ciphertext) throws SQLException {
        try (var update = c.prepareStatement("UPDATE " + table + " SET ciphertext = ? WHERE id = ?")) {
            update.setBytes(1, ciphertext);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    /** Active secrets, newest first. */
    List<Stored> active(Connection c, long partnerId) throws SQLException {
        try (var select = c.prepareStatement(
                "SELECT id, ciphertext FROM " + table + " WHERE partner_id = ? AND status = 'ACTIVE' ORDER BY id DESC")) {
            select.setLong(1, partnerId);
            try (var rs = select.executeQuery()) {
                var stored = new ArrayList<Stored>();
                while (rs.next()) {
                    stored.add(new Stored(rs.getLong("id"), rs.getBytes("ciphertext")));
                }
                return stored;
            }
        }
    }

    int revoke(Connection c, long id, Instant now) throws SQLException {
        try (var update = c.prepareStatement(
                "UPDATE " + table + " SET status = 'REVOKED', revoked_at = ? WHERE id = ? AND status = 'ACTIVE'")) {
            Jdbc.setInstant(update, 1, now);
            update.setLong(2, id);
            return update.executeUpdate();
        }
    }
}
