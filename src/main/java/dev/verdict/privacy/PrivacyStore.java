package dev.verdict.privacy;

import dev.verdict.db.Dialect;
import dev.verdict.db.Jdbc;
import dev.verdict.db.Leases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for the privacy feature: partners' retention policies, erasure receipts and the purge's lease. */
final class PrivacyStore {
    /** The row of {@code privacy_leases} that the retention purge claims. */
    private static final long RETENTION_LEASE = 1;

    private final Dialect dialect;

    PrivacyStore(Dialect dialect) {
        this.dialect = dialect;
    }

    Optional<RetentionPolicy> policy(Connection c, long partnerId) throws SQLException {
        try (var select = c.prepareStatement(
                "SELECT images_days, personal_days FROM retention_policies WHERE partner_id = ?")) {
            select.setLong(1, partnerId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new RetentionPolicy(partnerId, rs.getInt(1), rs.getInt(2), false))
                        : Optional.empty();
            }
        }
    }

    void setPolicy(Connection c, long partnerId, int imagesDays, int personalDays, Instant now) throws SQLException {
        try (var update = c.prepareStatement("""
                UPDATE retention_policies SET images_days = ?, personal_days = ?, updated_at = ? WHERE partner_id = ?""")) {
            update.setInt(1, imagesDays);
            update.setInt(2, personalDays);
            Jdbc.setInstant(update, 3, now);
            update.setLong(4, partnerId);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (var insert = c.prepareStatement("""
                INSERT INTO retention_policies (partner_id, images_days, personal_days, updated_at) VALUES (?, ?, ?, ?)""")) {
            insert.setLong(1, partnerId);
            insert.setInt(2, imagesDays);
            insert.setInt(3, personalDays);
            Jdbc.setInstant(insert, 4, now);
            insert.executeUpdate();
        }
    }

    /** Stores a receipt whose body is written once its id is known; returns the id. */
    long insertReceipt(Connection c, long partnerId, String userId, Instant now) throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO erasure_receipts (partner_id, user_id, body, created_at) VALUES (?, ?, '', ?)""",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, partnerId);
            insert.setString(2, userId);
            Jdbc.setInstant(insert, 3, now);
            insert.executeUpdate();
            try (var keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    void setReceiptBody(Connection c, long id, String body) throws SQLException {
        try (var update = c.prepareStatement("UPDATE erasure_receipts SET body = ? WHERE id = ?")) {
            update.setString(1, body);
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    Optional<String> receipt(Connection c, long id) throws SQLException {
        try (var select = c.prepareStatement("SELECT body FROM erasure_receipts WHERE id = ?")) {
            select.setLong(1, id);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A user's receipts, newest first. */
    List<String> receipts(Connection c, long partnerId, String userId) throws SQLException {
        try (var select = c.prepareStatement(
                "SELECT body FROM erasure_receipts WHERE partner_id = ? AND user_id = ? ORDER BY id DESC")) {
            select.setLong(1, partnerId);
            select.setString(2, userId);
            try (var rs = select.executeQuery()) {
                var bodies = new ArrayList<String>();
                while (rs.next()) {
                    bodies.add(rs.getString(1));
                }
                return bodies;
            }
        }
    }

    /**
     * Takes (or renews) the purge's lease for {@code owner} until {@code now + lease}: false while
     * another node holds it. The row is created on first use.
     */
    boolean claimRetentionLease(Connection c, String owner, Instant now, Duration lease) throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO privacy_leases (id, version, updated_at) VALUES (?, 0, ?) ON CONFLICT (id) DO NOTHING""")) {
            insert.setLong(1, RETENTION_LEASE);
            Jdbc.setInstant(insert, 2, now);
            insert.executeUpdate();
        }
        var claimed = Leases.claim(c, dialect, "privacy_leases",
                "id = ? AND (lease_until IS NULL OR lease_until < ? OR claimed_by = ?)", "id", (statement, index) -> {
                    statement.setLong(index++, RETENTION_LEASE);
                    Jdbc.setInstant(statement, index++, now);
                    statement.setString(index++, owner);
                    return index;
                }, "", owner, 1, now, lease);
        return !claimed.isEmpty();
    }

    /** Gives the lease up (the purge found nothing more to do), so another node need not wait for it to run out. */
    void releaseRetentionLease(Connection c, String owner, Instant now) throws SQLException {
        try (var update = c.prepareStatement("""
                UPDATE privacy_leases SET claimed_by = NULL, lease_until = NULL, version = version + 1, updated_at = ?
                WHERE id = ? AND claimed_by = ?""")) {
            Jdbc.setInstant(update, 1, now);
            update.setLong(2, RETENTION_LEASE);
            update.setString(3, owner);
            update.executeUpdate();
        }
    }
}
