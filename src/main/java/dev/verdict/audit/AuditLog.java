package dev.verdict.audit;

import dev.verdict.db.Database;
import dev.verdict.db.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.InstantSource;

/** Appends audit events: who did what to which job or image. Never carries personal data. */
public final class AuditLog {
    public enum ActorType {
        PARTNER,
        OPERATOR,
        ENGINE,
        LINK
    }

    /** One audit entry; ids may be null when they do not apply. */
    public record Entry(ActorType actorType, String actorId, String action, Long partnerId, Long jobPk,
            String imageId, String detail) {}

    private final Database database;
    private final InstantSource clock;

    public AuditLog(Database database, InstantSource clock) {
        this.database = database;
        this.clock = clock;
    }

    public void record(Entry entry) {
        database.run(c -> record(c, entry));
    }

    /** Records inside the caller's transaction, so the audit and the change commit together. */
    public void record(Connection c, Entry entry) throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO audit_events (at, actor_type, actor_id, action, partner_id, job_pk, image_id, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            Jdbc.setInstant(insert, 1, clock.instant());
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

    /** How many audit events name this image with this action (operators and tests use it). */
    public int count(String action, String imageId) {
        return database.inTransaction(c -> {
            try (var select = c.prepareStatement(
                    "SELECT COUNT(*) FROM audit_events WHERE action = ? AND image_id = ?")) {
                select.setString(1, action);
                select.setString(2, imageId);
                try (var rs = select.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    private static void setLong(java.sql.PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
