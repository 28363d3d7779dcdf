package dev.verdict.jobs;

import dev.verdict.db.Dialect;
import dev.verdict.db.Jdbc;
import dev.verdict.users.UserStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for jobs and their result events. */
final class JobStore {
    private static final String JOB_COLUMNS = """
            j.id, j.partner_id, j.user_id, j.job_id, j.job_type, j.partner_params, j.callback_url, j.source_sdk,
            j.source_sdk_version, j.key_id, j.inputs, j.upload_generation, j.state, j.version, j.latest_seq, j.complete, j.success,
            j.created_at, j.updated_at, j.images_removed_at, j.images_removed_reason, j.personal_removed_at,
            j.personal_removed_reason""";

    /**
     * A retry or a zip brings new images and inputs: what retention or erasure removed before no
     * longer describes the job, so the new data is kept and removed like any other.
     */
    private static final String NEW_DATA = """
             images_removed_at = NULL, images_removed_reason = NULL, personal_removed_at = NULL,
             personal_removed_reason = NULL,""";

    /** What a new job starts with. */
    record NewJob(long partnerId, String userId, String jobId, JobType jobType, String partnerParamsJson,
            String callbackUrl, String sourceSdk, String sourceSdkVersion, Long keyId, String inputsJson, JobState state,
            Long legacyKeyId) {}

    long insert(Connection c, NewJob job, Instant now) throws SQLException {
        if (!job.state().startsAJob()) {
            throw new IllegalStateException("a new job cannot start " + job.state());
        }
        try (var insert = c.prepareStatement("""
                INSERT INTO jobs (partner_id, user_id, job_id, job_type, partner_params, callback_url, source_sdk,
                    source_sdk_version, key_id, inputs, state, version, latest_seq, complete, success, created_at,
                    updated_at, legacy_key_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, FALSE, FALSE, ?, ?, ?)""",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, job.partnerId());
            insert.setString(2, job.userId());
            insert.setString(3, job.jobId());
            insert.setInt(4, job.jobType().code());
            insert.setString(5, job.partnerParamsJson());
            insert.setString(6, job.callbackUrl());
            insert.setString(7, job.sourceSdk());
            insert.setString(8, job.sourceSdkVersion());
            if (job.keyId() == null) {
                insert.setNull(9, Types.BIGINT);
            } else {
                insert.setLong(9, job.keyId());
            }
            insert.setString(10, job.inputsJson());
            insert.setString(11, job.state().name());
            Jdbc.setInstant(insert, 12, now);
            Jdbc.setInstant(insert, 13, now);
            setNullable(insert, 14, job.legacyKeyId());
            insert.executeUpdate();
            try (var keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    Optional<Job> find(Connection c, long pk, boolean forUpdate) throws SQLException {
        var sql = "SELECT " + JOB_COLUMNS + " FROM jobs j WHERE j.id = ?" + (forUpdate ? Dialect.forUpdate(c) : "");
        try (var select = c.prepareStatement(sql)) {
            select.setLong(1, pk);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(mapJob(rs)) : Optional.empty();
            }
        }
    }

    /** The job_status read: job, user status and latest result object by (partner, job_id). */
    Optional<StatusView> statusView(Connection c, long partnerId, String jobId) throws SQLException {
        try (var select = c.prepareStatement("""
                SELECT j.id, j.user_id, j.state, j.complete, j.success, j.images_removed_at, j.images_removed_reason,
                    u.status AS user_status, e.result_json
                FROM jobs j
                LEFT JOIN enrolled_users u ON u.partner_id = j.partner_id AND u.user_id = j.user_id
                LEFT JOIN result_events e ON e.job_pk = j.id AND e.seq = j.latest_seq
                WHERE j.partner_id = ? AND j.job_id = ?""")) {
            select.setLong(1, partnerId);
            select.setString(2, jobId);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                var userStatus = rs.getString("user_status");
                return Optional.of(new StatusView(rs.getLong("id"), rs.getString("user_id"),
                        JobState.valueOf(rs.getString("state")), rs.getBoolean("complete"), rs.getBoolean("success"),
                        removal(rs, "images_removed"), Optional.ofNullable(userStatus).map(UserStatus::valueOf),
                        Optional.ofNullable(rs.getBytes("result_json"))));
            }
        }
    }

    /** A partner's user's jobs, newest first, at most {@code limit}. */
    List<Job> forUser(Connection c, long partnerId, String userId, int limit) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + JOB_COLUMNS
                + " FROM jobs j WHERE j.partner_id = ? AND j.user_id = ? ORDER BY j.id DESC LIMIT ?")) {
            select.setLong(1, partnerId);
            select.setString(2, userId);
            select.setInt(3, limit);
            try (var rs = select.executeQuery()) {
                var jobs = new java.util.ArrayList<Job>();
                while (rs.next()) {
                    jobs.add(mapJob(rs));
                }
                return jobs;
            }
        }
    }

    Optional<Job> findByJobId(Connection c, long partnerId, String jobId, boolean forUpdate) throws SQLException {
        var sql = "SELECT " + JOB_COLUMNS + " FROM jobs j WHERE j.partner_id = ? AND j.job_id = ?"
                + (forUpdate ? Dialect.forUpdate(c) : "");
        try (var select = c.prepareStatement(sql)) {
            select.setLong(1, partnerId);
            select.setString(2, jobId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(mapJob(rs)) : Optional.empty();
            }
        }
    }

    /** A retry: back to CREATED under a new upload generation, keeping the smile_job_id and the history. */
    int reopen(Connection c, Job job, String userId, String partnerParamsJson, String callbackUrl, String inputsJson,
            Long keyId, Long legacyKeyId, Instant now) throws SQLException {
        return transition(c, job, JobState.CREATED, """
                upload_generation = upload_generation + 1, complete = FALSE, success = FALSE, user_id = ?,
                partner_params = ?, callback_url = ?, inputs = ?, key_id = ?, legacy_key_id = ?,""" + NEW_DATA,
                (update, i) -> {
            update.setString(i++, userId);
            update.setString(i++, partnerParamsJson);
            update.setString(i++, callbackUrl);
            update.setString(i++, inputsJson);
            if (keyId == null) {
                update.setNull(i++, Types.BIGINT);
            } else {
                update.setLong(i++, keyId);
            }
            setNullable(update, i++, legacyKeyId);
            return i;
        }, now);
    }

    /** The zip arrived: inputs merged from info.json, state RECEIVED. */
    int markReceived(Connection c, Job job, String inputsJson, Instant now) throws SQLException {
        return transition(c, job, JobState.RECEIVED, "inputs = ?," + NEW_DATA, (update, i) -> {
            update.setString(i++, inputsJson);
            return i;
        }, now);
    }

    /** A change of state alone (an engine's claim). */
    int moveTo(Connection c, Job job, JobState next, Instant now) throws SQLException {
        return transition(c, job, next, "", (update, i) -> i, now);
    }

    /** A result was appended: its state, sequence number and outcome. */
    int updateProgress(Connection c, Job job, JobState next, int latestSeq, boolean complete, boolean success,
            Instant now) throws SQLException {
        return transition(c, job, next, "latest_seq = ?, complete = ?, success = ?,", (update, i) -> {
            update.setInt(i++, latestSeq);
            update.setBoolean(i++, complete);
            update.setBoolean(i++, success);
            return i;
        }, now);
    }

    /** Binds the columns a transition also sets, from {@code index}; answers the next free index. */
    @FunctionalInterface
    private interface AlsoSet {
        int bind(PreparedStatement update, int index) throws SQLException;
    }

    /**
     * Every change of {@code jobs.state} after the insert goes through here. The lifecycle table
     * ({@link JobState#canMoveTo}) is checked before anything is written: callers have already
     * turned away what a partner may get wrong, so a forbidden move here is a bug. Optimistic: zero
     * rows means someone else changed the job first.
     */
    private int transition(Connection c, Job job, JobState next, String alsoSetColumns, AlsoSet alsoSet, Instant now)
            throws SQLException {
        if (!job.state().canMoveTo(next)) {
            throw new IllegalStateException(
                    "job " + job.smileJobId() + " cannot move from " + job.state() + " to " + next);
        }
        try (var update = c.prepareStatement("UPDATE jobs SET state = ?, " + alsoSetColumns
                + " version = version + 1, updated_at = ? WHERE id = ? AND version = ?")) {
            var index = 1;
            update.setString(index++, next.name());
            index = alsoSet.bind(update, index);
            Jdbc.setInstant(update, index++, now);
            update.setLong(index++, job.pk());
            update.setLong(index, job.version());
            return update.executeUpdate();
        }
    }

    /**
     * Every result object of every job of this partner's user, newest first by the global order in
     * which events were recorded, capped by count and by total size in bytes. One query for all jobs;
     * the objects stay the UTF-8 bytes the database holds, as the answer copies them unchanged.
     */
    List<byte[]> history(Connection c, long partnerId, String userId, int maxEvents, long maxBytes)
            throws SQLException {
        try (var select = c.prepareStatement("""
                SELECT result_json FROM result_events WHERE partner_id = ? AND user_id = ?
                ORDER BY id DESC LIMIT ?""")) {
            select.setLong(1, partnerId);
            select.setString(2, userId);
            select.setInt(3, maxEvents);
            try (var rs = select.executeQuery()) {
                var results = new ArrayList<byte[]>();
                long bytes = 0;
                while (rs.next()) {
                    var json = rs.getBytes(1);
                    bytes += json.length;
                    if (bytes > maxBytes) {
                        break;
                    }
                    results.add(json);
                }
                return results;
            }
        }
    }


    /**
     * Up to {@code limit} jobs of a partner created before {@code cutoff} that still hold images
     * ({@code images}) or personal fields, oldest first; jobs an engine is still working on wait.
     */
    List<Long> dueForRemoval(Connection c, long partnerId, boolean images, Instant cutoff, int limit)
            throws SQLException {
        var column = images ? "images_removed_at" : "personal_removed_at";
        try (var select = c.prepareStatement("SELECT id FROM jobs WHERE partner_id = ? AND created_at < ? AND "
                + column + " IS NULL AND state NOT IN (?, ?) ORDER BY created_at, id LIMIT ?")) {
            select.setLong(1, partnerId);
            Jdbc.setInstant(select, 2, cutoff);
            select.setString(3, JobState.RECEIVED.name());
            select.setString(4, JobState.PROCESSING.name());
            select.setInt(5, limit);
            try (var rs = select.executeQuery()) {
                var ids = new ArrayList<Long>();
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
                return ids;
            }
        }
    }

    /** A user's jobs, locked for the caller's transaction (an erasure). */
    List<Job> forUserLocked(Connection c, long partnerId, String userId) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + JOB_COLUMNS
                + " FROM jobs j WHERE j.partner_id = ? AND j.user_id = ? ORDER BY j.id" + Dialect.forUpdate(c))) {
            select.setLong(1, partnerId);
            select.setString(2, userId);
            try (var rs = select.executeQuery()) {
                var jobs = new ArrayList<Job>();
                while (rs.next()) {
                    jobs.add(mapJob(rs));
                }
                return jobs;
            }
        }
    }

    /** Drops a job's inputs, cuts its partner params to the skeleton and records why. Not a change of state. */
    int removePersonal(Connection c, Job job, String partnerParamsJson, PersonalData.Reason reason, Instant now)
            throws SQLException {
        try (var update = c.prepareStatement("""
                UPDATE jobs SET inputs = NULL, partner_params = ?, personal_removed_at = ?, personal_removed_reason = ?
                WHERE id = ?""")) {
            update.setString(1, partnerParamsJson);
            Jdbc.setInstant(update, 2, now);
            update.setString(3, reason.name());
            update.setLong(4, job.pk());
            return update.executeUpdate();
        }
    }

    /** Records that a job's images were deleted, and why. */
    int imagesRemoved(Connection c, long jobPk, PersonalData.Reason reason, Instant now) throws SQLException {
        try (var update = c.prepareStatement(
                "UPDATE jobs SET images_removed_at = ?, images_removed_reason = ? WHERE id = ?")) {
            Jdbc.setInstant(update, 1, now);
            update.setString(2, reason.name());
            update.setLong(3, jobPk);
            return update.executeUpdate();
        }
    }

    /** Rewrites a stored result object (its personal fields removed); the event keeps its id, seq and code. */
    int rewriteEvent(Connection c, long eventId, String resultJson) throws SQLException {
        try (var update = c.prepareStatement("UPDATE result_events SET result_json = ? WHERE id = ?")) {
            update.setString(1, resultJson);
            update.setLong(2, eventId);
            return update.executeUpdate();
        }
    }

    ResultEvent appendEvent(Connection c, Job job, int seq, String resultCode, boolean isFinal, String resultJson,
            String producedBy, Integer supersedesSeq, Instant now) throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO result_events (job_pk, seq, result_code, is_final, result_json, produced_by,
                    supersedes_seq, created_at, partner_id, user_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, job.pk());
            insert.setInt(2, seq);
            insert.setString(3, resultCode);
            insert.setBoolean(4, isFinal);
            insert.setString(5, resultJson);
            insert.setString(6, producedBy);
            if (supersedesSeq == null) {
                insert.setNull(7, Types.INTEGER);
            } else {
                insert.setInt(7, supersedesSeq);
            }
            Jdbc.setInstant(insert, 8, now);
            insert.setLong(9, job.partnerId());
            insert.setString(10, job.userId());
            insert.executeUpdate();
            try (var keys = insert.getGeneratedKeys()) {
                keys.next();
                return new ResultEvent(keys.getLong(1), job.pk(), seq, resultCode, isFinal, resultJson, producedBy,
                        Optional.ofNullable(supersedesSeq), now);
            }
        }
    }

    List<ResultEvent> events(Connection c, long jobPk) throws SQLException {
        try (var select = c.prepareStatement("""
                SELECT id, job_pk, seq, result_code, is_final, result_json, produced_by, supersedes_seq, created_at
                FROM result_events WHERE job_pk = ? ORDER BY seq""")) {
            select.setLong(1, jobPk);
            try (var rs = select.executeQuery()) {
                var events = new ArrayList<ResultEvent>();
                while (rs.next()) {
                    var supersedes = rs.getInt("supersedes_seq");
                    Optional<Integer> supersedesSeq = rs.wasNull() ? Optional.empty() : Optional.of(supersedes);
                    events.add(new ResultEvent(rs.getLong("id"), rs.getLong("job_pk"), rs.getInt("seq"),
                            rs.getString("result_code"), rs.getBoolean("is_final"), rs.getString("result_json"),
                            rs.getString("produced_by"), supersedesSeq, Jdbc.getInstant(rs, "created_at")));
                }
                return events;
            }
        }
    }

    private static void setNullable(java.sql.PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static Job mapJob(ResultSet rs) throws SQLException {
        var keyId = rs.getLong("key_id");
        Optional<Long> key = rs.wasNull() ? Optional.empty() : Optional.of(keyId);
        return new Job(
                rs.getLong("id"),
                rs.getLong("partner_id"),
                rs.getString("user_id"),
                rs.getString("job_id"),
                JobType.of(rs.getInt("job_type")).orElseThrow(
                        () -> new IllegalStateException("stored job has an unknown job type")),
                rs.getString("partner_params"),
                Optional.ofNullable(rs.getString("callback_url")),
                Optional.ofNullable(rs.getString("source_sdk")),
                Optional.ofNullable(rs.getString("source_sdk_version")),
                key,
                Optional.ofNullable(rs.getString("inputs")),
                rs.getInt("upload_generation"),
                JobState.valueOf(rs.getString("state")),
                rs.getLong("version"),
                rs.getInt("latest_seq"),
                rs.getBoolean("complete"),
                rs.getBoolean("success"),
                Jdbc.getInstant(rs, "created_at"),
                Jdbc.getInstant(rs, "updated_at"),
                removal(rs, "images_removed"),
                removal(rs, "personal_removed"));
    }

    private static Optional<PersonalData.Removal> removal(ResultSet rs, String prefix) throws SQLException {
        var reason = rs.getString(prefix + "_reason");
        return reason == null ? Optional.empty()
                : Optional.of(new PersonalData.Removal(PersonalData.Reason.valueOf(reason),
                        Jdbc.getInstant(rs, prefix + "_at")));
    }

    /** How many jobs are in each state: one aggregate over the table (metrics, cached by the caller). */
    java.util.Map<JobState, Long> countByState(Connection c) throws SQLException {
        var counts = new java.util.EnumMap<JobState, Long>(JobState.class);
        try (var select = c.prepareStatement("SELECT state, COUNT(*) FROM jobs GROUP BY state");
                var rs = select.executeQuery()) {
            while (rs.next()) {
                counts.put(JobState.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
    }
}
