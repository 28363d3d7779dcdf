package dev.verdict.partners;

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

/** SQL for partners (their API keys are {@link dev.verdict.secrets.RotatingSecrets}). */
final class PartnerStore {
    private static final String PARTNER_COLUMNS = """
            p.id, p.name, p.status, p.default_callback_url, p.timestamp_window_seconds, p.created_at,
            (SELECT COUNT(*) FROM api_keys k WHERE k.partner_id = p.id AND k.status = 'ACTIVE') AS active_keys
            """;

    long insertPartner(Connection c, String name, Instant now) throws SQLException {
        try (var insert = c.prepareStatement(
                "INSERT INTO partners (name, status, created_at, updated_at) VALUES (?, 'ACTIVE', ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, name);
            Jdbc.setInstant(insert, 2, now);
            Jdbc.setInstant(insert, 3, now);
            insert.executeUpdate();
            return generatedId(insert);
        }
    }

    Optional<Partner> find(Connection c, long partnerId) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + PARTNER_COLUMNS + " FROM partners p WHERE p.id = ?")) {
            select.setLong(1, partnerId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /** Locks the partner row so concurrent rotations of one partner serialise. */
    boolean lock(Connection c, long partnerId) throws SQLException {
        try (var select = c.prepareStatement("SELECT id FROM partners WHERE id = ?" + Dialect.forUpdate(c))) {
            select.setLong(1, partnerId);
            try (var rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    List<Partner> list(Connection c) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + PARTNER_COLUMNS + " FROM partners p ORDER BY p.id");
                var rs = select.executeQuery()) {
            var partners = new ArrayList<Partner>();
            while (rs.next()) {
                partners.add(map(rs));
            }
            return partners;
        }
    }

    boolean exists(Connection c) throws SQLException {
        try (var select = c.prepareStatement("SELECT 1 FROM partners LIMIT 1");
                var rs = select.executeQuery()) {
            return rs.next();
        }
    }

    int setStatus(Connection c, long partnerId, PartnerStatus status, Instant now) throws SQLException {
        try (var update = c.prepareStatement("UPDATE partners SET status = ?, updated_at = ? WHERE id = ?")) {
            update.setString(1, status.name());
            Jdbc.setInstant(update, 2, now);
            update.setLong(3, partnerId);
            return update.executeUpdate();
        }
    }

    int setCallback(Connection c, long partnerId, String url, Instant now) throws SQLException {
        try (var update = c.prepareStatement(
                "UPDATE partners SET default_callback_url = ?, updated_at = ? WHERE id = ?")) {
            update.setString(1, url);
            Jdbc.setInstant(update, 2, now);
            update.setLong(3, partnerId);
            return update.executeUpdate();
        }
    }

    private static Partner map(ResultSet rs) throws SQLException {
        var windowSeconds = rs.getLong("timestamp_window_seconds");
        Optional<Long> window = rs.wasNull() ? Optional.empty() : Optional.of(windowSeconds);
        return new Partner(
                rs.getLong("id"),
                rs.getString("name"),
                PartnerStatus.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("default_callback_url")),
                window,
                rs.getInt("active_keys"),
                Jdbc.getInstant(rs, "created_at"));
    }

    private static long generatedId(Statement statement) throws SQLException {
        try (var keys = statement.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no generated key returned");
            }
            return keys.getLong(1);
        }
    }
}
