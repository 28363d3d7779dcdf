package dev.verdict.audit;

import dev.verdict.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** SQL for audit events. */
final class AuditStore {

    void insert(Connection c, Instant at, AuditLog.Entry entry) throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO audit_events (at, actor_type, actor_id, action, partner_id, job_pk, image_id, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            Jdbc.setInstant(insert, 1, at);
            insert.setString(2, entry.actorType().name());
            insert.setString(3, entry.actorId());
            insert.setString(4, entry.action());
            setLong(insert, 5, entry.partnerId());
            setLong(insert, 6, entry.jobPk());
            insert.setString(7, entry.imageId());
            insert.setString(8, entry.detail());
            insert.executeUpdate();
        }
    }

    int count(Connection c, String action, String imageId) throws SQLException {
        try (var select = c.prepareStatement("SELECT COUNT(*) FROM audit_events WHERE action = ? AND image_id = ?")) {
            select.setString(1, action);
            select.setString(2, imageId);
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
