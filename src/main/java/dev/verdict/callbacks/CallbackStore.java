package dev.verdict.callbacks;

import dev.verdict.db.Dialect;
import dev.verdict.db.Jdbc;
import dev.verdict.db.Leases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** SQL for callback deliveries and their attempts. */
public final class CallbackStore {
    private static final String COLUMNS = """
            id, event_id, job_pk, seq, is_final, target_url, webhook_id, state, attempts, next_attempt_at,
            window_start, last_status_code, last_error, version, created_at, delivered_at""";

    private final Dialect dialect;

    public CallbackStore(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The job's callback URL, else its partner's default; empty when neither is set. */
    Optional<String> targetFor(Connection c, long jobPk) throws SQLException {
        try (var select = c.prepareStatement("""
                SELECT COALESCE(j.callback_url, p.default_callback_url) FROM jobs j JOIN partners p ON p.id = j.partner_id
                WHERE j.id = ?""")) {
            select.setLong(1, jobPk);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Inserts a delivery unless this event already has one for this target. */
    void insertIfAbsent(Connection c, long eventId, long jobPk, int seq, boolean isFinal, String targetUrl,
            String webhookId, Instant now) throws SQLException {
        try (var exists = c.prepareStatement(
                "SELECT 1 FROM callback_deliveries WHERE event_id = ? AND target_url = ?")) {
            exists.setLong(1, eventId);
            exists.setString(2, targetUrl);
            try (var rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (var insert = c.prepareStatement("""
                INSERT INTO callback_deliveries (event_id, job_pk, seq, is_final, target_url, webhook_id, state, attempts,
                    next_attempt_at, window_start, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?, ?)""")) {
            insert.setLong(1, eventId);
            insert.setLong(2, jobPk);
            insert.setInt(3, seq);
            insert.setBoolean(4, isFinal);
            insert.setString(5, targetUrl);
            insert.setString(6, webhookId);
            insert.setString(7, DeliveryState.PENDING.name());
            Jdbc.setInstant(insert, 8, now);
            Jdbc.setInstant(insert, 9, now);
            Jdbc.setInstant(insert, 10, now);
            Jdbc.setInstant(insert, 11, now);
            insert.executeUpdate();
        }
    }

    /**
     * What choosing a due delivery needs: its place in the due order and what orders it within its
     * job. A claim looks at several candidates to take one, so they are read narrow; only the claimed
     * ones are read whole (whole rows, five timestamps parsed each, were a fifth of a delivery's CPU).
     */
    private record Candidate(long id, long jobPk, int seq, boolean isFinal, String targetUrl, Instant nextAttemptAt) {}

    /**
     * Claims due deliveries in order: one waits while an earlier delivery for the same job and target
     * is pending — except that a final result may overtake an earlier non-final one that has already
     * failed at least once and is not in flight ({@link DeliveryPolicy#overtakes}, which then drops it).
     * <p>
     * Due deliveries are read a few at a time, longest due first (by {@code next_attempt_at}, then
     * id: the order of the {@code callback_deliveries_due} index, so a look reads a few index entries
     * however many deliveries wait), and each is checked against its own job's earlier deliveries (the
     * per-job index) before it is claimed. Read in id order instead, every due delivery was read and
     * sorted on each claim, and delivery slowed as the outbox grew (docs/benchmarks.md). One query
     * joining every due delivery against every other made PostgreSQL's plan depend on fresh
     * statistics: after a burst of results on an unanalysed table it compared every pending row with
     * every other (seconds per claim).
     */
    List<Delivery> claimDue(Connection c, String owner, int max, Instant now, Duration lease) throws SQLException {
        var claimed = new ArrayList<Delivery>();
        // a few more than wanted: on PostgreSQL, other nodes' workers may be claiming the first ones
        var page = 2 * max + 4;
        Candidate after = null;
        while (claimed.size() < max) {
            var candidates = dueAfter(c, after, now, page);
            for (var candidate : candidates) {
                after = candidate;
                if (!heldBack(c, candidate, now) && claim(c, candidate.id(), owner, now, lease)) {
                    claimed.add(find(c, candidate.id()).orElseThrow());
                    if (claimed.size() == max) {
                        break;
                    }
                }
            }
            if (candidates.size() < page) {
                break;
            }
        }
        return claimed;
    }

    /** Due, unleased PENDING deliveries in due order, after {@code after} in that order when there is one. */
    private List<Candidate> dueAfter(Connection c, Candidate after, Instant now, int limit) throws SQLException {
        try (var select = c.prepareStatement("""
                SELECT id, job_pk, seq, is_final, target_url, next_attempt_at
                FROM callback_deliveries WHERE state = ? AND next_attempt_at <= ?
                AND (lease_until IS NULL OR lease_until < ?)"""
                + (after == null ? "" : " AND (next_attempt_at, id) > (?, ?)")
                + " ORDER BY next_attempt_at, id LIMIT ?")) {
            var i = 1;
            select.setString(i++, DeliveryState.PENDING.name());
            Jdbc.setInstant(select, i++, now);
            Jdbc.setInstant(select, i++, now);
            if (after != null) {
                Jdbc.setInstant(select, i++, after.nextAttemptAt());
                select.setLong(i++, after.id());
            }
            select.setInt(i, limit);
            try (var rs = select.executeQuery()) {
                var candidates = new ArrayList<Candidate>();
                while (rs.next()) {
                    candidates.add(new Candidate(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBoolean(4),
                            rs.getString(5), Jdbc.getInstant(rs, "next_attempt_at")));
                }
                return candidates;
            }
        }
    }

    /**
     * Whether an earlier PENDING delivery of the same job and target holds this one back: any does,
     * unless this one is final and that one is a non-final that already failed and is not in flight
     * (mirrors {@link DeliveryPolicy#overtakes}).
     */
    private boolean heldBack(Connection c, Candidate delivery, Instant now) throws SQLException {
        if (delivery.seq() <= 1) {
            return false; // nothing comes before a job's first event
        }
        var overtakable = delivery.isFinal()
                ? " AND (e.is_final OR e.attempts = 0 OR (e.lease_until IS NOT NULL AND e.lease_until >= ?))"
                : "";
        try (var select = c.prepareStatement("""
                SELECT 1 FROM callback_deliveries e WHERE e.job_pk = ? AND e.target_url = ? AND e.seq < ?
                AND e.state = ?""" + overtakable + " LIMIT 1")) {
            select.setLong(1, delivery.jobPk());
            select.setString(2, delivery.targetUrl());
            select.setInt(3, delivery.seq());
            select.setString(4, DeliveryState.PENDING.name());
            if (delivery.isFinal()) {
                Jdbc.setInstant(select, 5, now);
            }
            try (var rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Leases one delivery if it is still due and unleased (another node may have taken it meanwhile). */
    private boolean claim(Connection c, long id, String owner, Instant now, Duration lease) throws SQLException {
        var ready = "id = ? AND state = ? AND (lease_until IS NULL OR lease_until < ?)";
        return !Leases.claim(c, dialect, "callback_deliveries", ready, "id", (statement, index) -> {
            statement.setLong(index++, id);
            statement.setString(index++, DeliveryState.PENDING.name());
            Jdbc.setInstant(statement, index++, now);
            return index;
        }, "", owner, 1, now, lease).isEmpty();
    }

    /** PENDING deliveries of the same job and target with a lower seq, in seq order. */
    List<Delivery> earlierPending(Connection c, Delivery delivery) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + COLUMNS + """
                 FROM callback_deliveries WHERE job_pk = ? AND target_url = ? AND seq < ? AND state = ?
                ORDER BY seq, id""")) {
            select.setLong(1, delivery.jobPk());
            select.setString(2, delivery.targetUrl());
            select.setInt(3, delivery.seq());
            select.setString(4, DeliveryState.PENDING.name());
            try (var rs = select.executeQuery()) {
                var deliveries = new ArrayList<Delivery>();
                while (rs.next()) {
                    deliveries.add(map(rs));
                }
                return deliveries;
            }
        }
    }

    /** Drops every PENDING delivery of a job (its person was erased); returns how many. */
    int dropPendingOfJob(Connection c, long jobPk, Instant now) throws SQLException {
        return move(c, EnumSet.of(DeliveryState.PENDING), DeliveryState.DROPPED, now, ", lease_until = NULL",
                "job_pk = ?", (statement, index) -> {
                    statement.setLong(index++, jobPk);
                    return index;
                });
    }

    /** Drops a PENDING delivery that a final result overtook; false when it is no longer PENDING. */
    boolean drop(Connection c, Delivery delivery, Instant now) throws SQLException {
        return move(c, EnumSet.of(DeliveryState.PENDING), DeliveryState.DROPPED, now, ", lease_until = NULL", "id = ?",
                (statement, index) -> {
                    statement.setLong(index++, delivery.id());
                    return index;
                }) == 1;
    }

    /** The result object of the delivery's event, and the job facts needed to sign it. */
    record Payload(String resultJson, long partnerId, Optional<Long> keyId, Optional<Long> legacyKeyId,
            String smileJobId) {}

    Payload payload(Connection c, Delivery delivery) throws SQLException {
        try (var select = c.prepareStatement("""
                SELECT e.result_json, j.partner_id, j.key_id, j.legacy_key_id, j.id FROM result_events e JOIN jobs j ON j.id = e.job_pk
                WHERE e.id = ?""")) {
            select.setLong(1, delivery.eventId());
            try (var rs = select.executeQuery()) {
                rs.next();
                var keyId = rs.getLong("key_id");
                Optional<Long> key = rs.wasNull() ? Optional.empty() : Optional.of(keyId);
                var legacyKeyId = rs.getLong("legacy_key_id");
                Optional<Long> legacyKey = rs.wasNull() ? Optional.empty() : Optional.of(legacyKeyId);
                return new Payload(rs.getString("result_json"), rs.getLong("partner_id"), key, legacyKey,
                        dev.verdict.jobs.SmileJobIds.format(rs.getLong("id")));
            }
        }
    }

    /** Records one attempt and the delivery's new state; false when this claim was lost meanwhile. */
    boolean recordAttempt(Connection c, Delivery delivery, String owner, Attempt attempt, DeliveryPolicy.Decision decision,
            Instant now) throws SQLException {
        var set = """
                , attempts = attempts + 1, next_attempt_at = ?, last_status_code = ?, last_error = ?, claimed_by = NULL,
                lease_until = NULL, delivered_at = ?""";
        var moved = move(c, EnumSet.of(DeliveryState.PENDING), decision.state(), now, set, "id = ? AND claimed_by = ?",
                (update, index) -> {
                    Jdbc.setInstant(update, index++, decision.nextAttemptAt());
                    if (attempt.statusCode().isPresent()) {
                        update.setInt(index++, attempt.statusCode().get());
                    } else {
                        update.setNull(index++, Types.INTEGER);
                    }
                    update.setString(index++, attempt.error().orElse(null));
                    Jdbc.setInstant(update, index++, decision.state() == DeliveryState.DELIVERED ? now : null);
                    update.setLong(index++, delivery.id());
                    update.setString(index++, owner);
                    return index;
                });
        if (moved != 1) {
            return false;
        }
        try (var insert = c.prepareStatement("""
                INSERT INTO callback_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, delivery.id());
            insert.setInt(2, attempt.attempt());
            Jdbc.setInstant(insert, 3, attempt.at());
            if (attempt.statusCode().isPresent()) {
                insert.setInt(4, attempt.statusCode().get());
            } else {
                insert.setNull(4, Types.INTEGER);
            }
            insert.setString(5, attempt.error().orElse(null));
            insert.setLong(6, attempt.durationMs());
            insert.executeUpdate();
        }
        return true;
    }

    Optional<Delivery> find(Connection c, long id) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + COLUMNS + " FROM callback_deliveries WHERE id = ?")) {
            select.setLong(1, id);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    List<Delivery> forJob(Connection c, long jobPk) throws SQLException {
        try (var select = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM callback_deliveries WHERE job_pk = ? ORDER BY seq, id")) {
            select.setLong(1, jobPk);
            try (var rs = select.executeQuery()) {
                var deliveries = new ArrayList<Delivery>();
                while (rs.next()) {
                    deliveries.add(map(rs));
                }
                return deliveries;
            }
        }
    }

    List<Attempt> attempts(Connection c, long deliveryId) throws SQLException {
        try (var select = c.prepareStatement("""
                SELECT delivery_id, attempt, at, status_code, error, duration_ms FROM callback_attempts
                WHERE delivery_id = ? ORDER BY id""")) {
            select.setLong(1, deliveryId);
            try (var rs = select.executeQuery()) {
                var attempts = new ArrayList<Attempt>();
                while (rs.next()) {
                    var status = rs.getInt("status_code");
                    Optional<Integer> code = rs.wasNull() ? Optional.empty() : Optional.of(status);
                    attempts.add(new Attempt(rs.getLong("delivery_id"), rs.getInt("attempt"), Jdbc.getInstant(rs, "at"),
                            code, Optional.ofNullable(rs.getString("error")), rs.getLong("duration_ms")));
                }
                return attempts;
            }
        }
    }

    /**
     * Puts the selected deliveries back to PENDING, due now with a fresh retry window and attempt count
     * (the log of earlier attempts stays): re-drive of DEAD deliveries, replay of a job.
     */
    int requeue(Connection c, DeliverySelection selection, Instant now) throws SQLException {
        var where = new ArrayList<String>();
        var params = new ArrayList<Long>();
        selection.deliveryId().ifPresent(id -> {
            where.add("id = ?");
            params.add(id);
        });
        selection.jobPk().ifPresent(pk -> {
            where.add("job_pk = ?");
            params.add(pk);
        });
        if (where.isEmpty()) {
            where.add("1 = 1");
        }
        var set = ", next_attempt_at = ?, window_start = ?, attempts = 0, claimed_by = NULL, lease_until = NULL";
        return move(c, selection.states(), DeliveryState.PENDING, now, set, String.join(" AND ", where),
                (update, index) -> {
                    Jdbc.setInstant(update, index++, now);
                    Jdbc.setInstant(update, index++, now);
                    for (var param : params) {
                        update.setLong(index++, param);
                    }
                    return index;
                });
    }

    /**
     * The one way a delivery's state changes: every move from one of {@code from} to {@code to} is
     * checked against {@link DeliveryState#canMoveTo} first, then the rows {@code where} selects that
     * are in one of {@code from} move. {@code set} (starting with a comma) and {@code where} are fixed
     * SQL whose parameters {@code binder} binds, in that order.
     */
    private int move(Connection c, Set<DeliveryState> from, DeliveryState to, Instant now, String set, String where,
            Leases.Binder binder) throws SQLException {
        if (from.isEmpty()) {
            return 0;
        }
        for (var state : from) {
            state.checkMoveTo(to);
        }
        var states = String.join(", ", from.stream().map(s -> "?").toList());
        try (var update = c.prepareStatement("UPDATE callback_deliveries SET state = ?, version = version + 1,"
                + " updated_at = ?" + set + " WHERE " + where + " AND state IN (" + states + ")")) {
            update.setString(1, to.name());
            Jdbc.setInstant(update, 2, now);
            var index = binder.bind(update, 3);
            for (var state : from) {
                update.setString(index++, state.name());
            }
            return update.executeUpdate();
        }
    }

    /** Event ids and facts of a job's events, for a replay that creates missing deliveries. */
    record EventRef(long eventId, int seq, boolean isFinal) {}

    List<EventRef> events(Connection c, long jobPk) throws SQLException {
        try (var select = c.prepareStatement(
                "SELECT id, seq, is_final FROM result_events WHERE job_pk = ? ORDER BY seq")) {
            select.setLong(1, jobPk);
            try (var rs = select.executeQuery()) {
                var events = new ArrayList<EventRef>();
                while (rs.next()) {
                    events.add(new EventRef(rs.getLong(1), rs.getInt(2), rs.getBoolean(3)));
                }
                return events;
            }
        }
    }

    private static Delivery map(ResultSet rs) throws SQLException {
        var status = rs.getInt("last_status_code");
        Optional<Integer> code = rs.wasNull() ? Optional.empty() : Optional.of(status);
        return new Delivery(rs.getLong("id"), rs.getLong("event_id"), rs.getLong("job_pk"), rs.getInt("seq"),
                rs.getBoolean("is_final"), rs.getString("target_url"), rs.getString("webhook_id"),
                DeliveryState.valueOf(rs.getString("state")), rs.getInt("attempts"),
                Jdbc.getInstant(rs, "next_attempt_at"), Jdbc.getInstant(rs, "window_start"), code,
                Optional.ofNullable(rs.getString("last_error")),
                rs.getLong("version"), Jdbc.getInstant(rs, "created_at"),
                Optional.ofNullable(Jdbc.getInstant(rs, "delivered_at")));
    }

    /** Deliveries per state, attempts made at them, and the oldest pending one's creation: one aggregate (metrics). */
    CallbackService.Summary summary(Connection c) throws SQLException {
        var counts = new java.util.EnumMap<DeliveryState, Long>(DeliveryState.class);
        long attempts = 0;
        Instant oldestPending = null;
        try (var select = c.prepareStatement("SELECT state, COUNT(*) AS deliveries, COALESCE(SUM(attempts), 0) AS attempts,"
                + " MIN(created_at) AS oldest FROM callback_deliveries GROUP BY state");
                var rs = select.executeQuery()) {
            while (rs.next()) {
                var state = DeliveryState.valueOf(rs.getString("state"));
                counts.put(state, rs.getLong("deliveries"));
                attempts += rs.getLong("attempts");
                if (state == DeliveryState.PENDING) {
                    oldestPending = Jdbc.getInstant(rs, "oldest");
                }
            }
        }
        return new CallbackService.Summary(counts, attempts, java.util.Optional.ofNullable(oldestPending));
    }
}
