package dev.verdict.secrets;

import dev.verdict.db.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** SQL for the installation row: the master key's proof, sealed at the first start. */
final class InstallationStore {
    private InstallationStore() {}

    static Optional<byte[]> masterKeyCheck(Connection c) throws SQLException {
        try (var select = c.prepareStatement("SELECT master_key_check FROM installation WHERE id = 1");
                var rs = select.executeQuery()) {
            return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
        }
    }

    /**
     * Records the proof unless a row is there already. On PostgreSQL a concurrent insert not yet
     * committed makes this wait for it, so a read afterwards sees the row that was kept.
     */
    static void insertIfAbsent(Connection c, byte[] masterKeyCheck, Instant now) throws SQLException {
        try (var insert = c.prepareStatement("INSERT INTO installation (id, master_key_check, created_at)"
                + " VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            insert.setBytes(1, masterKeyCheck);
            Jdbc.setInstant(insert, 2, now);
            insert.executeUpdate();
        }
    }
}
