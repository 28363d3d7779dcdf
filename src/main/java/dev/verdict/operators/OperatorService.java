package dev.verdict.operators;

import dev.verdict.audit.AuditLog;
import dev.verdict.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Operator accounts (DESIGN §10): create, list, disable, enable, reset a password, and sign in. The
 * lockout rule lives here: {@link #MAX_FAILED_ATTEMPTS} wrong passwords in a row lock an account for
 * {@link #LOCKOUT}; a right one resets the count. Plaintext passwords exist only in the
 * {@link IssuedPassword} returned to the caller and in the argument of {@link #authenticate}; neither
 * is logged or audited.
 */
public final class OperatorService {
    public static final int MAX_FAILED_ATTEMPTS = 5;
    public static final Duration LOCKOUT = Duration.ofMinutes(15);
    /** The name rule, in the words every refusal uses. */
    public static final String NAME_RULE = "an operator name is 1 to 64 characters from a-z, 0-9, '.', '_' and '-'";
    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,64}");
    /** Audit actor of a sign-in attempt for a name that is no operator (the typed name is not kept). */
    static final String UNKNOWN_ACTOR = "(unknown)";
    /** Audit actor of account changes: whoever runs Verdict on its host (the CLI, the first start). */
    private static final Actor LOCAL = new Actor(AuditLog.ActorType.SYSTEM, "local");
    /**
     * An unknown name is checked against this hash, so that it costs the same Argon2id work as a known
     * one and the answer's timing does not tell which names exist. Nobody knows its password.
     */
    private static final String DUMMY_HASH = Passwords.hash(Passwords.generate());

    private final Database database;
    private final AuditLog audit;
    private final InstantSource clock;
    private final OperatorStore store = new OperatorStore();

    public OperatorService(Database database, AuditLog audit, InstantSource clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /** Who changes an account, as the audit log names them. */
    private record Actor(AuditLog.ActorType type, String id) {
        static Actor of(Operator operator) {
            return new Actor(AuditLog.ActorType.OPERATOR, operator.name());
        }
    }

    /** A new active operator with a generated password (shown once, in the result). */
    public IssuedPassword create(String name, OperatorRole role) {
        return create(name, role, LOCAL);
    }

    /** {@link #create(String, OperatorRole)} by an operator (the console), audited as theirs. */
    public IssuedPassword create(String name, OperatorRole role, Operator actingOperator) {
        return create(name, role, Actor.of(actingOperator));
    }

    private IssuedPassword create(String name, OperatorRole role, Actor actor) {
        requireValidName(name);
        var password = Passwords.generate();
        var hash = Passwords.hash(password);
        return database.inTransaction(c -> {
            if (store.find(c, name).isPresent()) {
                throw new OperatorException("operator " + name + " already exists");
            }
            store.insert(c, name, role, hash, clock.instant());
            recordChange(c, actor, name, "operator.created", "role " + role.wireName());
            return new IssuedPassword(name, role, password);
        });
    }

    public List<Operator> list() {
        return database.read(store::list);
    }

    /** The operator of that name; empty for an unknown name or one that breaks the name rule. */
    public Optional<Operator> find(String name) {
        if (!validName(name)) {
            return Optional.empty();
        }
        return database.read(c -> store.find(c, name));
    }

    /** Refuses every later sign-in and ends the operator's sessions on every node. */
    public void disable(String name) {
        disable(name, LOCAL);
    }

    /**
     * {@link #disable(String)} by an operator (the console), audited as theirs. Nobody disables their
     * own account this way: an admin could lock the last admin out of the console.
     */
    public void disable(String name, Operator actingOperator) {
        refuseOwnAccount(name, actingOperator, "disable");
        disable(name, Actor.of(actingOperator));
    }

    private void disable(String name, Actor actor) {
        database.run(c -> {
            var operator = existing(c, name);
            store.setActive(c, operator.id(), false, clock.instant());
            store.endSessionsOf(c, operator.id(), clock.instant());
            recordChange(c, actor, name, "operator.disabled", null);
        });
    }

    public void enable(String name) {
        enable(name, LOCAL);
    }

    /** {@link #enable(String)} by an operator (the console), audited as theirs. */
    public void enable(String name, Operator actingOperator) {
        enable(name, Actor.of(actingOperator));
    }

    private void enable(String name, Actor actor) {
        database.run(c -> {
            var operator = existing(c, name);
            store.setActive(c, operator.id(), true, clock.instant());
            recordChange(c, actor, name, "operator.enabled", null);
        });
    }

    /**
     * A new generated password; the old one stops working, a lockout is lifted, and the operator's
     * sessions end (whoever held the old password is signed out too).
     */
    public IssuedPassword resetPassword(String name) {
        return resetPassword(name, LOCAL);
    }

    /**
     * {@link #resetPassword(String)} by an operator (the console), audited as theirs; not for their own
     * account (it would end the session the new password is shown in).
     */
    public IssuedPassword resetPassword(String name, Operator actingOperator) {
        refuseOwnAccount(name, actingOperator, "reset the password of");
        return resetPassword(name, Actor.of(actingOperator));
    }

    private IssuedPassword resetPassword(String name, Actor actor) {
        requireValidName(name);
        var password = Passwords.generate();
        var hash = Passwords.hash(password);
        return database.inTransaction(c -> {
            var operator = existing(c, name);
            store.setPassword(c, operator.id(), hash, clock.instant());
            store.endSessionsOf(c, operator.id(), clock.instant());
            recordChange(c, actor, name, "operator.password_reset", null);
            return new IssuedPassword(name, operator.role(), password);
        });
    }

    /**
     * Checks a name and password. The Argon2id work runs outside any transaction; the count of
     * failures is then updated under the operator's row lock, so concurrent attempts all count. While
     * an account is locked no password is checked and attempts do not count.
     */
    public SignIn authenticate(String name, String password) {
        var now = clock.instant();
        var found = validName(name) && password != null
                ? database.read(c -> store.account(c, name, false))
                : Optional.<OperatorStore.Account>empty();
        if (found.isEmpty()) {
            Passwords.verify(password == null ? "" : password, DUMMY_HASH);
            audit.record(signInEntry(UNKNOWN_ACTOR, "operator.sign_in_failed", "unknown name"));
            return new SignIn.WrongCredentials();
        }
        var account = found.get();
        if (lockedAt(account, now)) {
            audit.record(signInEntry(name, "operator.sign_in_failed", "locked until " + account.lockedUntil()));
            return new SignIn.Locked(account.lockedUntil());
        }
        var matches = Passwords.verify(password, account.passwordHash());
        return database.inTransaction(c -> {
            var current = store.account(c, name, true).orElseThrow();
            if (lockedAt(current, now)) {
                audit.record(c, signInEntry(name, "operator.sign_in_failed", "locked until " + current.lockedUntil()));
                return new SignIn.Locked(current.lockedUntil());
            }
            // a password reset between the check and this transaction makes the checked hash stale
            var right = matches && current.passwordHash().equals(account.passwordHash());
            if (!current.operator().active()) {
                audit.record(c, signInEntry(name, "operator.sign_in_failed", "disabled"));
                return right ? new SignIn.Disabled() : new SignIn.WrongCredentials();
            }
            var id = current.operator().id();
            if (right) {
                if (current.failedAttempts() > 0 || current.lockedUntil() != null) {
                    store.setFailures(c, id, 0, null, now);
                }
                audit.record(c, signInEntry(name, "operator.signed_in", null));
                return new SignIn.SignedIn(current.operator());
            }
            var failures = current.failedAttempts() + 1;
            audit.record(c, signInEntry(name, "operator.sign_in_failed", "wrong password"));
            if (failures >= MAX_FAILED_ATTEMPTS) {
                var until = now.plus(LOCKOUT);
                store.setFailures(c, id, 0, until, now);
                audit.record(c, signInEntry(name, "operator.locked_out", "until " + until));
                return new SignIn.Locked(until);
            }
            store.setFailures(c, id, failures, null, now);
            return new SignIn.WrongCredentials();
        });
    }

    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static void requireValidName(String name) {
        if (!validName(name)) {
            throw new OperatorException(NAME_RULE);
        }
    }

    private static boolean lockedAt(OperatorStore.Account account, Instant now) {
        return account.lockedUntil() != null && now.isBefore(account.lockedUntil());
    }

    private Operator existing(Connection c, String name) throws SQLException {
        if (!validName(name)) {
            throw new OperatorException("operator " + name + " not found (" + NAME_RULE + ")");
        }
        return store.find(c, name).orElseThrow(() -> new OperatorException("operator " + name + " not found"));
    }

    private static void refuseOwnAccount(String name, Operator actingOperator, String what) {
        if (actingOperator.name().equals(name)) {
            throw new OperatorException("you cannot " + what + " your own account here; ask another admin or use the CLI");
        }
    }

    private void recordChange(Connection c, Actor actor, String name, String action, String detail)
            throws SQLException {
        audit.record(c, new AuditLog.Entry(actor.type(), actor.id(), action, null, null, null,
                detail == null ? "operator " + name : "operator " + name + ", " + detail));
    }

    static AuditLog.Entry signInEntry(String actor, String action, String detail) {
        return new AuditLog.Entry(AuditLog.ActorType.OPERATOR, actor, action, null, null, null, detail);
    }
}
