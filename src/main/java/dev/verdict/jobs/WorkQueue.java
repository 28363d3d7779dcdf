package dev.verdict.jobs;

import dev.verdict.db.Dialect;
import dev.verdict.db.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's work queue (SQL for {@code work_items}) and this node's wake-up signal. Items are
 * enqueued in the transaction that makes a job ready; claims take a lease, with
 * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL and an optimistic version check on H2, so two
 * nodes never hold the same item and a crashed node's items come back when its lease runs out.
 */
public final class WorkQueue {
    private static final String COLUMNS = "id, job_pk, job_type, available_at, claimed_by, lease_until, attempts, version, created_at";

    private final Dialect dialect;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private boolean signalled;

    public WorkQueue(Dialect dialect) {
        this.dialect = dialect;
    }

    /** One claimed item. {@code attempts} counts claims, this one included. */
    public record Item(long id, long jobPk, int jobType, String claimedBy, Instant leaseUntil, int attempts,
            long version, Instant createdAt) {}

    void enqueue(Connection c, long jobPk, int jobType, Instant now) throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO work_items (job_pk, job_type, available_at, attempts, done, version, created_at, updated_at)
                VALUES (?, ?, ?, 0, FALSE, 0, ?, ?)""")) {
            insert.setLong(1, jobPk);
            insert.setInt(2, jobType);
            Jdbc.setInstant(insert, 3, now);
            Jdbc.setInstant(insert, 4, now);
            Jdbc.setInstant(insert, 5, now);
            insert.executeUpdate();
        }
    }

    /** Claims up to {@code max} ready items of these job types for {@code owner} until {@code now + lease}. */
    public List<Item> claim(Connection c, String owner, Collection<Integer> jobTypes, int max, Instant now,
            Duration lease) throws SQLException {
        if (jobTypes.isEmpty() || max <= 0) {
            return List.of();
        }
        var types = String.join(",", jobTypes.stream().map(t -> "?").toList());
        var ready = "done = FALSE AND available_at <= ? AND (lease_until IS NULL OR lease_until < ?) AND job_type IN ("
                + types + ")";
        var leaseUntil = now.plus(lease);
        if (dialect == Dialect.POSTGRESQL) {
            try (var update = c.prepareStatement("UPDATE work_items SET claimed_by = ?, lease_until = ?,"
                    + " attempts = attempts + 1, version = version + 1, updated_at = ? WHERE id IN (SELECT id FROM"
                    + " work_items WHERE " + ready + " ORDER BY id FOR UPDATE SKIP LOCKED LIMIT ?) RETURNING " + COLUMNS)) {
                int i = 1;
                update.setString(i++, owner);
                Jdbc.setInstant(update, i++, leaseUntil);
                Jdbc.setInstant(update, i++, now);
                Jdbc.setInstant(update, i++, now);
                Jdbc.setInstant(update, i++, now);
                for (var type : jobTypes) {
                    update.setInt(i++, type);
                }
                update.setInt(i, max);
                try (var rs = update.executeQuery()) {
                    var items = new ArrayList<Item>();
                    while (rs.next()) {
                        items.add(map(rs));
                    }
                    items.sort(java.util.Comparator.comparingLong(Item::id));
                    return items;
                }
            }
        }
        // H2: pick candidates, then claim each with a version check; losing a race just skips the item
        var candidates = new ArrayList<long[]>();
        try (var select = c.prepareStatement("SELECT id, version FROM work_items WHERE " + ready
                + " ORDER BY id FETCH FIRST ? ROWS ONLY")) {
            int i = 1;
            Jdbc.setInstant(select, i++, now);
            Jdbc.setInstant(select, i++, now);
            for (var type : jobTypes) {
                select.setInt(i++, type);
            }
            select.setInt(i, max);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    candidates.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        var items = new ArrayList<Item>();
        for (var candidate : candidates) {
            try (var update = c.prepareStatement("UPDATE work_items SET claimed_by = ?, lease_until = ?,"
                    + " attempts = attempts + 1, version = version + 1, updated_at = ? WHERE id = ? AND version = ?")) {
                update.setString(1, owner);
                Jdbc.setInstant(update, 2, leaseUntil);
                Jdbc.setInstant(update, 3, now);
                update.setLong(4, candidate[0]);
                update.setLong(5, candidate[1]);
                if (update.executeUpdate() == 1) {
                    items.add(find(c, candidate[0]));
                }
            }
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
    public boolean release(Connection c, Item item, Instant availableAt, Instant now) throws SQLException {
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
    public int openCount(Connection c) throws SQLException {
        try (var select = c.prepareStatement("SELECT COUNT(*) FROM work_items WHERE done = FALSE");
                var rs = select.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Item find(Connection c, long id) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + COLUMNS + " FROM work_items WHERE id = ?")) {
            select.setLong(1, id);
            try (var rs = select.executeQuery()) {
                rs.next();
                return map(rs);
            }
        }
    }

    private static Item map(ResultSet rs) throws SQLException {
        return new Item(rs.getLong("id"), rs.getLong("job_pk"), rs.getInt("job_type"), rs.getString("claimed_by"),
                Jdbc.getInstant(rs, "lease_until"), rs.getInt("attempts"), rs.getLong("version"),
                Jdbc.getInstant(rs, "created_at"));
    }

    // ---- this node's wake-up signal ------------------------------------------------------------

    /** Wakes this node's idle workers; called after a commit that enqueued work. */
    public void signal() {
        lock.lock();
        try {
            signalled = true;
            workArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until signalled or the timeout passes (other nodes' work is found by polling). */
    public void awaitWork(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            if (!signalled) {
                workArrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }
}
