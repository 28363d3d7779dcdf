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

    /** A recorded audit event. */
    public record Recorded(long id, Instant at, Entry entry) {}

    /** Which audit events to read: each filter is optional; newest first, at most {@code limit}. */
    public record Filter(Long jobPk, String operator, String action, int limit) {}

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

    /** Audit events matching the filter, newest first ("operator" means an operator as the actor). */
    public List<Recorded> read(Filter filter) {
        return database.read(c -> store.select(c, filter));
    }

    /** How many audit events name this image with this action (operators and tests use it). */
    public int count(String action, String imageId) {
        return database.inTransaction(c -> store.count(c, action, imageId));
    }
}
