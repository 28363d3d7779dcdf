package dev.verdict.audit;

import dev.verdict.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    List<AuditLog.Recorded> read(Connection c, AuditLog.Filter filter, int limit) throws SQLException {
        var sql = new StringBuilder("SELECT id, at, actor_type, actor_id, action, partner_id, job_pk, image_id, detail"
                + " FROM audit_events WHERE 1 = 1");
        var params = new ArrayList<Object>();
        filter.jobPk().ifPresent(pk -> {
            sql.append(" AND job_pk = ?");
            params.add(pk);
        });
        filter.operator().ifPresent(name -> {
            sql.append(" AND actor_type = 'OPERATOR' AND actor_id = ?");
            params.add(name);
        });
        filter.action().ifPresent(action -> {
            sql.append(" AND action = ?");
            params.add(action);
        });
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        try (var select = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                select.setObject(i + 1, params.get(i));
            }
            try (var rs = select.executeQuery()) {
                var events = new ArrayList<AuditLog.Recorded>();
                while (rs.next()) {
                    events.add(new AuditLog.Recorded(rs.getLong("id"), Jdbc.getInstant(rs, "at"),
                            AuditLog.ActorType.valueOf(rs.getString("actor_type")), rs.getString("actor_id"),
                            rs.getString("action"), nullableLong(rs, "partner_id"), nullableLong(rs, "job_pk"),
                            rs.getString("image_id"), rs.getString("detail")));
                }
                return events;
            }
        }
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
