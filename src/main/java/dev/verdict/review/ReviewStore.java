package dev.verdict.review;

import dev.verdict.db.Dialect;
import dev.verdict.db.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL of the review queue and of reviewers' claims. The queue is the jobs awaiting review (the partial
 * index {@code jobs_in_review}); a claim is one {@code review_claims} row per job, which counts only
 * until its lease runs out.
 */
final class ReviewStore {

    /** A job as a claim sees it, read with its row locked. */
    record LockedJob(long pk, long partnerId, boolean inReview) {}

    record Claim(String operator, Instant claimedAt, Instant leaseUntil) {
        boolean heldAt(Instant now) {
            return leaseUntil.isAfter(now);
        }
    }

    record Row(long jobPk, long partnerId, int jobType, String resultCode, Instant waitingSince,
            Optional<String> claimedBy) {}

    record Summary(long length, Optional<Instant> oldest) {}

    private static final String IN_REVIEW = "j.state = 'IN_REVIEW'"; // the literal the partial index names

    Optional<LockedJob> lockJob(Connection c, long pk) throws SQLException {
        try (var select = c.prepareStatement("SELECT j.id, j.partner_id, j.state FROM jobs j WHERE j.id = ?"
                + Dialect.forUpdate(c))) {
            select.setLong(1, pk);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LockedJob(rs.getLong("id"), rs.getLong("partner_id"),
                        "IN_REVIEW".equals(rs.getString("state"))));
            }
        }
    }

    Optional<Claim> claim(Connection c, long jobPk) throws SQLException {
        try (var select = c.prepareStatement(
                "SELECT operator, claimed_at, lease_until FROM review_claims WHERE job_pk = ?")) {
            select.setLong(1, jobPk);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Claim(rs.getString("operator"), Jdbc.getInstant(rs, "claimed_at"),
                        Jdbc.getInstant(rs, "lease_until")));
            }
        }
    }

    void insertClaim(Connection c, long jobPk, String operator, Instant now, Instant leaseUntil) throws SQLException {
        try (var insert = c.prepareStatement(
                "INSERT INTO review_claims (job_pk, operator, claimed_at, lease_until) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, jobPk);
            insert.setString(2, operator);
            Jdbc.setInstant(insert, 3, now);
            Jdbc.setInstant(insert, 4, leaseUntil);
            insert.executeUpdate();
        }
    }

    void renewClaim(Connection c, long jobPk, Instant leaseUntil) throws SQLException {
        try (var update = c.prepareStatement("UPDATE review_claims SET lease_until = ? WHERE job_pk = ?")) {
            Jdbc.setInstant(update, 1, leaseUntil);
            update.setLong(2, jobPk);
            update.executeUpdate();
        }
    }

    int deleteClaim(Connection c, long jobPk) throws SQLException {
        try (var delete = c.prepareStatement("DELETE FROM review_claims WHERE job_pk = ?")) {
            delete.setLong(1, jobPk);
            return delete.executeUpdate();
        }
    }

    /** The code of the job's latest result. */
    Optional<String> resultCode(Connection c, long jobPk, int seq) throws SQLException {
        try (var select = c.prepareStatement("SELECT result_code FROM result_events WHERE job_pk = ? AND seq = ?")) {
            select.setLong(1, jobPk);
            select.setInt(2, seq);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    Summary summary(Connection c, ReviewService.QueueFilter filter, Instant now) throws SQLException {
        var values = new ArrayList<Object>();
        var where = where(filter, now, values);
        try (var select = c.prepareStatement("SELECT COUNT(*) AS length, MIN(j.updated_at) AS oldest FROM jobs j"
                + where)) {
            bind(select, values);
            try (var rs = select.executeQuery()) {
                rs.next();
                return new Summary(rs.getLong("length"), Optional.ofNullable(Jdbc.getInstant(rs, "oldest")));
            }
        }
    }

    /** The queue's first {@code filter.limit()} jobs, oldest first; an expired claim shows as none. */
    List<Row> queue(Connection c, ReviewService.QueueFilter filter, Instant now) throws SQLException {
        var values = new ArrayList<Object>();
        var where = where(filter, now, values);
        var sql = """
                SELECT j.id, j.partner_id, j.job_type, e.result_code, e.created_at, c.operator, c.lease_until
                FROM jobs j
                JOIN result_events e ON e.job_pk = j.id AND e.seq = j.latest_seq
                LEFT JOIN review_claims c ON c.job_pk = j.id""" + where + " ORDER BY j.updated_at, j.id LIMIT ?";
        values.add(filter.limit());
        try (var select = c.prepareStatement(sql)) {
            bind(select, values);
            try (var rs = select.executeQuery()) {
                var rows = new ArrayList<Row>();
                while (rs.next()) {
                    var leaseUntil = Jdbc.getInstant(rs, "lease_until");
                    var claimedBy = leaseUntil != null && leaseUntil.isAfter(now)
                            ? Optional.of(rs.getString("operator"))
                            : Optional.<String>empty();
                    rows.add(new Row(rs.getLong("id"), rs.getLong("partner_id"), rs.getInt("job_type"),
                            rs.getString("result_code"), Jdbc.getInstant(rs, "created_at"), claimedBy));
                }
                return rows;
            }
        }
    }

    /** The oldest job awaiting review that nobody holds (never claimed, released, or the lease ran out). */
    Optional<Long> oldestUnclaimed(Connection c, Instant now) throws SQLException {
        try (var select = c.prepareStatement("""
                SELECT j.id FROM jobs j LEFT JOIN review_claims c ON c.job_pk = j.id
                WHERE j.state = 'IN_REVIEW' AND (c.job_pk IS NULL OR c.lease_until <= ?)
                ORDER BY j.updated_at, j.id LIMIT 1""")) {
            Jdbc.setInstant(select, 1, now);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static String where(ReviewService.QueueFilter filter, Instant now, List<Object> values) {
        var where = new StringBuilder(" WHERE ").append(IN_REVIEW);
        if (filter.partnerId() != null) {
            where.append(" AND j.partner_id = ?");
            values.add(filter.partnerId());
        }
        if (filter.jobType() != null) {
            where.append(" AND j.job_type = ?");
            values.add(filter.jobType());
        }
        if (filter.minAge() != null) {
            where.append(" AND j.updated_at <= ?");
            values.add(now.minus(filter.minAge()));
        }
        return where.toString();
    }

    private static void bind(java.sql.PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) instanceof Instant instant) {
                Jdbc.setInstant(statement, i + 1, instant);
            } else {
                statement.setObject(i + 1, values.get(i));
            }
        }
    }
}
