package dev.verdict.operators;

import dev.verdict.audit.AuditLog;
import dev.verdict.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Console sessions (DESIGN §10 "Sign-in"), kept in the database so that every node honours them
 * and a sign-out or a disabled operator ends them everywhere. A session token is 256 random bits;
 * only its SHA-256 is stored. A session ends after {@code idleTimeout} without use or
 * {@code maxAge} after it started, whichever comes first.
 */
public final class OperatorSessions {
    /**
     * Use is recorded at most this often, so reading a page is not a database write each time; the
     * idle timeout therefore counts from a moment up to this long before the last use.
     */
    public static final Duration LAST_SEEN_GRANULARITY = Duration.ofMinutes(1);
    private static final int TOKEN_BYTES = 32;
    /** A base64url token of 32 bytes has 43 characters; anything much longer is not ours. */
    private static final int MAX_TOKEN_LENGTH = 128;

    private final Database database;
    private final AuditLog audit;
    private final InstantSource clock;
    private final Duration idleTimeout;
    private final Duration maxAge;
    private final OperatorStore store = new OperatorStore();

    public OperatorSessions(Database database, AuditLog audit, InstantSource clock, Duration idleTimeout,
            Duration maxAge) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.maxAge = maxAge;
    }

    /** A new session for an operator who just signed in (and is still active). */
    public StartedSession start(Operator operator) {
        var token = Passwords.randomToken(TOKEN_BYTES);
        var csrfToken = Passwords.randomToken(TOKEN_BYTES);
        var now = clock.instant();
        return database.inTransaction(c -> {
            var current = store.find(c, operator.name())
                    .filter(o -> o.id() == operator.id() && o.active())
                    .orElseThrow(() -> new OperatorException("operator " + operator.name() + " is not active"));
            store.insertSession(c, tokenHash(token), current.id(), csrfToken, now);
            return new StartedSession(token, csrfToken, current, now);
        });
    }

    /**
     * The session this token names, if it has not ended, timed out (idle or absolute), and its
     * operator is still active. Records the use when the last record is older than
     * {@link #LAST_SEEN_GRANULARITY}.
     */
    public Optional<ActiveSession> resume(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        var hash = tokenHash(token);
        var now = clock.instant();
        var found = database.read(c -> store.session(c, hash));
        if (found.isEmpty() || !valid(found.get(), now)) {
            return Optional.empty();
        }
        var session = found.get();
        if (!now.isBefore(session.lastSeenAt().plus(LAST_SEEN_GRANULARITY))) {
            database.run(c -> store.touchSession(c, hash, now));
        }
        return Optional.of(new ActiveSession(session.operator(), session.csrfToken(), session.createdAt()));
    }

    /** Signs out: the session ends for every node. False when the token names no session still open. */
    public boolean end(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        var hash = tokenHash(token);
        var now = clock.instant();
        return database.inTransaction(c -> {
            var session = store.session(c, hash);
            if (session.isEmpty() || store.endSession(c, hash, now) == 0) {
                return false;
            }
            audit.record(c, OperatorService.signInEntry(session.get().operator().name(), "operator.signed_out", null));
            return true;
        });
    }

    private boolean valid(OperatorStore.Session session, Instant now) {
        return session.endedAt() == null
                && session.operator().active()
                && now.isBefore(session.lastSeenAt().plus(idleTimeout))
                && now.isBefore(session.createdAt().plus(maxAge));
    }

    /** The stored form of a token: its SHA-256 in hex. */
    static String tokenHash(String token) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
