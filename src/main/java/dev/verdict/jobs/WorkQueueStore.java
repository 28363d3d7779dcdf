package dev.verdict.jobs;

import dev.verdict.db.Dialect;
import dev.verdict.db.Jdbc;
import dev.verdict.db.Leases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * SQL for the engine's work queue ({@code work_items}). Items are
 * enqueued in the transaction that makes a job ready; claims take a lease, with
 * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL and an optimistic version check on SQLite, so two
 * nodes never hold the same item and a crashed node's items come back when its lease runs out.
 */
public final class WorkQueueStore {
    private static final String COLUMNS = "id, job_pk, job_type, available_at, claimed_by, lease_until, attempts, version, created_at";

    private final Dialect dialect;

    WorkQueueStore(Dialect dialect) {
        this.dialect = dialect;
    }

    void enqueue(Connection c, long jobPk, JobType jobType, Instant now) throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO work_items (job_pk, job_type, available_at, attempts, done, version, created_at, updated_at)
                VALUES (?, ?, ?, 0, FALSE, 0, ?, ?)""")) {
            insert.setLong(1, jobPk);
            insert.setInt(2, jobType.code());
            Jdbc.setInstant(insert, 3, now);
            Jdbc.setInstant(insert, 4, now);
            Jdbc.setInstant(insert, 5, now);
            insert.executeUpdate();
        }
    }

    /** Claims up to {@code max} ready items of these job types for {@code owner} until {@code now + lease}. */
    List<WorkItem> claim(Connection c, String owner, Collection<Integer> jobTypes, int max, Instant now,
            Duration lease) throws SQLException {
        if (jobTypes.isEmpty() || max <= 0) {
            return List.of();
        }
        var types = String.join(",", jobTypes.stream().map(t -> "?").toList());
        var ready = "done = FALSE AND available_at <= ? AND (lease_until IS NULL OR lease_until < ?) AND job_type IN ("
                + types + ")";
        // oldest available first, in the order of the work_items_ready index
        var ids = Leases.claim(c, dialect, "work_items", ready, "available_at, id", (statement, index) -> {
            Jdbc.setInstant(statement, index++, now);
            Jdbc.setInstant(statement, index++, now);
            for (var type : jobTypes) {
                statement.setInt(index++, type);
            }
            return index;
        }, ", attempts = attempts + 1", owner, max, now, lease);
        var items = new ArrayList<WorkItem>();
        for (var id : ids) {
            items.add(find(c, id));
        }
        return items;
    }

    /** Marks every open item of a job done: it has its final (or provisional) result. */
    void completeForJob(Connection c, long jobPk, Instant now) throws SQLException {
        try (var update = c.prepareStatement(
                "UPDATE work_items SET done = TRUE, lease_until = NULL, version = version + 1, updated_at = ?"
                        + " WHERE job_pk = ? AND done = FALSE")) {
            Jdbc.setInstant(update, 1, now);
            update.setLong(2, jobPk);
            update.executeUpdate();
        }
    }

    /** Gives a claimed item back, to be taken again at {@code availableAt} (a sandbox delay). */
    boolean release(Connection c, WorkItem item, Instant availableAt, Instant now) throws SQLException {
        try (var update = c.prepareStatement("UPDATE work_items SET claimed_by = NULL, lease_until = NULL,"
                + " available_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?")) {
            Jdbc.setInstant(update, 1, availableAt);
            Jdbc.setInstant(update, 2, now);
            update.setLong(3, item.id());
            update.setLong(4, item.version());
            return update.executeUpdate() == 1;
        }
    }

    /** Items not yet done (operators and tests). */
    int openCount(Connection c) throws SQLException {
        try (var select = c.prepareStatement("SELECT COUNT(*) FROM work_items WHERE done = FALSE");
                var rs = select.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Open items, those ready to claim now, and when the oldest ready one became ready (the ready index). */
    WorkClaims.QueueSummary summary(Connection c, Instant now) throws SQLException {
        var ready = "available_at <= ? AND (lease_until IS NULL OR lease_until < ?)";
        try (var select = c.prepareStatement("SELECT COUNT(*) AS open_items,"
                + " COALESCE(SUM(CASE WHEN " + ready + " THEN 1 ELSE 0 END), 0) AS ready_items,"
                + " MIN(CASE WHEN " + ready + " THEN available_at END) AS oldest_ready"
                + " FROM work_items WHERE done = FALSE")) {
            Jdbc.setInstant(select, 1, now);
            Jdbc.setInstant(select, 2, now);
            Jdbc.setInstant(select, 3, now);
            Jdbc.setInstant(select, 4, now);
            try (var rs = select.executeQuery()) {
                rs.next();
                return new WorkClaims.QueueSummary(rs.getLong("open_items"), rs.getLong("ready_items"),
                        java.util.Optional.ofNullable(Jdbc.getInstant(rs, "oldest_ready")));
            }
        }
    }

    private WorkItem find(Connection c, long id) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + COLUMNS + " FROM work_items WHERE id = ?")) {
            select.setLong(1, id);
            try (var rs = select.executeQuery()) {
                rs.next();
                return map(rs);
            }
        }
    }

    private static WorkItem map(ResultSet rs) throws SQLException {
        return new WorkItem(rs.getLong("id"), rs.getLong("job_pk"), rs.getInt("job_type"), rs.getString("claimed_by"),
                Jdbc.getInstant(rs, "lease_until"), rs.getInt("attempts"), rs.getLong("version"),
                Jdbc.getInstant(rs, "created_at"));
    }
}
