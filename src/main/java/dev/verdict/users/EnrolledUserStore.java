package dev.verdict.users;

import dev.verdict.db.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** SQL for enrolled users (per partner and user_id). */
public final class EnrolledUserStore {

    public Optional<UserStatus> status(Connection c, long partnerId, String userId) throws SQLException {
        try (var select = c.prepareStatement(
                "SELECT status FROM enrolled_users WHERE partner_id = ? AND user_id = ?")) {
            select.setLong(1, partnerId);
            select.setString(2, userId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(UserStatus.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** The selfie the user was enrolled with, if any. */
    public Optional<String> selfieImageId(Connection c, long partnerId, String userId) throws SQLException {
        try (var select = c.prepareStatement(
                "SELECT selfie_image_id FROM enrolled_users WHERE partner_id = ? AND user_id = ?")) {
            select.setLong(1, partnerId);
            select.setString(2, userId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Records an enrolment; an existing row keeps its status and gains the new selfie. */
    public void enrol(Connection c, long partnerId, String userId, String selfieImageId, Instant now)
            throws SQLException {
        try (var update = c.prepareStatement(
                "UPDATE enrolled_users SET selfie_image_id = ?, updated_at = ? WHERE partner_id = ? AND user_id = ?")) {
            update.setString(1, selfieImageId);
            Jdbc.setInstant(update, 2, now);
            update.setLong(3, partnerId);
            update.setString(4, userId);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        insert(c, partnerId, userId, UserStatus.ACTIVE, selfieImageId, now);
    }

    int setStatus(Connection c, long partnerId, String userId, UserStatus status, Instant now) throws SQLException {
        try (var update = c.prepareStatement(
                "UPDATE enrolled_users SET status = ?, updated_at = ? WHERE partner_id = ? AND user_id = ?")) {
            update.setString(1, status.name());
            Jdbc.setInstant(update, 2, now);
            update.setLong(3, partnerId);
            update.setString(4, userId);
            return update.executeUpdate();
        }
    }

    void insert(Connection c, long partnerId, String userId, UserStatus status, String selfieImageId, Instant now)
            throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO enrolled_users (partner_id, user_id, status, selfie_image_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, partnerId);
            insert.setString(2, userId);
            insert.setString(3, status.name());
            insert.setString(4, selfieImageId);
            Jdbc.setInstant(insert, 5, now);
            Jdbc.setInstant(insert, 6, now);
            insert.executeUpdate();
        }
    }

    /** True when the partner has at least one job for this user_id. */
    public boolean hasJobs(Connection c, long partnerId, String userId) throws SQLException {
        try (var select = c.prepareStatement(
                "SELECT 1 FROM jobs WHERE partner_id = ? AND user_id = ? LIMIT 1")) {
            select.setLong(1, partnerId);
            select.setString(2, userId);
            try (var rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Removes a user's enrolment whatever its status (an erasure). */
    int delete(Connection c, long partnerId, String userId) throws SQLException {
        try (var delete = c.prepareStatement("DELETE FROM enrolled_users WHERE partner_id = ? AND user_id = ?")) {
            delete.setLong(1, partnerId);
            delete.setString(2, userId);
            return delete.executeUpdate();
        }
    }

    /** Removes an active enrolment made with this selfie; nothing else. */
    int deleteActiveEnrolment(Connection c, long partnerId, String userId, String selfieImageId) throws SQLException {
        try (var delete = c.prepareStatement("""
                DELETE FROM enrolled_users WHERE partner_id = ? AND user_id = ? AND selfie_image_id = ? AND status = ?""")) {
            delete.setLong(1, partnerId);
            delete.setString(2, userId);
            delete.setString(3, selfieImageId);
            delete.setString(4, UserStatus.ACTIVE.name());
            return delete.executeUpdate();
        }
    }
}
