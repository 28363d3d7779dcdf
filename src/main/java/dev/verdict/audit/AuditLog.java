package dev.verdict.audit;

import dev.verdict.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/** Appends audit events: who did what to which job or image. Never carries personal data. */
public final class AuditLog {
    public enum ActorType {
        PARTNER,
        OPERATOR,
        ENGINE,
        LINK,
        /** Whoever runs Verdict on its host: the command line, or the server's first start. */
        SYSTEM
    }

    /** One audit entry; ids may be null when they do not apply. */
    public record Entry(ActorType actorType, String actorId, String action, Long partnerId, Long jobPk,
            String imageId, String detail) {}

    /** A recorded event, as the console shows it. */
    public record Recorded(long id, Instant at, ActorType actorType, String actorId, String action, Long partnerId,
            Long jobPk, String imageId, String detail) {}

    /** Which events to read: each present criterion must match exactly (operator: an operator actor). */
    public record Filter(java.util.Optional<Long> jobPk, java.util.Optional<String> operator,
            java.util.Optional<String> action) {
        public static final Filter NONE = new Filter(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty());
    }

    /** The most events one read returns. */
    public static final int MAX_READ = 1000;

    private final Database database;
    private final InstantSource clock;
    private final AuditStore store = new AuditStore();

    public AuditLog(Database database, InstantSource clock) {
        this.database = database;
        this.clock = clock;
    }

    public void record(Entry entry) {
        database.run(c -> record(c, entry));
    }

    /** Records inside the caller's transaction, so the audit and the change commit together. */
    public void record(Connection c, Entry entry) throws SQLException {
        store.insert(c, clock.instant(), entry);
    }

    /** Events matching {@code filter}, newest first, at most {@code limit} (capped at {@link #MAX_READ}). */
    public List<Recorded> read(Filter filter, int limit) {
        return database.read(c -> store.read(c, filter, Math.clamp(limit, 1, MAX_READ)));
    }

    /** How many audit events name this image with this action (operators and tests use it). */
    public int count(String action, String imageId) {
        return database.inTransaction(c -> store.count(c, action, imageId));
    }
}
