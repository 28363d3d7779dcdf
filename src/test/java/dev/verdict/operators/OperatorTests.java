package dev.verdict.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.audit.AuditLog;
import dev.verdict.db.Database;
import dev.verdict.db.Jdbc;
import dev.verdict.db.Migrations;
import dev.verdict.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator accounts and console sessions on a real database: Argon2id hashes, the lockout rule,
 * disabled operators, and sessions that every node (here: a second set of services on the same
 * database) sees end. Runs unchanged on SQLite and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OperatorTests {
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration MAX = Duration.ofHours(12);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private Database database;
    private OperatorService operators;
    private OperatorSessions sessions;

    /** A database on this class's backend, not yet migrated. */
    protected abstract Database open(Path dir);

    protected void closeBackend() {}

    @BeforeAll
    void openDatabase(@TempDir Path dir) {
        database = open(dir);
        Migrations.migrate(database);
        var audit = new AuditLog(database, clock);
        operators = new OperatorService(database, audit, clock);
        sessions = new OperatorSessions(database, audit, clock, IDLE, MAX);
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
        closeBackend();
    }

    /** Another node: its own services on the same database. */
    private OperatorSessions otherNodeSessions() {
        return new OperatorSessions(database, new AuditLog(database, clock), clock, IDLE, MAX);
    }

    private String storedHash(String name) {
        return database.read(c -> {
            try (var select = c.prepareStatement("SELECT password_hash FROM operators WHERE name = ?")) {
                select.setString(1, name);
                try (var rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    return rs.getString(1);
                }
            }
        });
    }

    /** Every operator audit entry as "ACTOR_TYPE actor action detail". */
    private List<String> audit() {
        return database.read(c -> {
            try (var select = c.prepareStatement(
                    "SELECT actor_type, actor_id, action, detail FROM audit_events WHERE action LIKE 'operator.%' ORDER BY id");
                    var rs = select.executeQuery()) {
                var lines = new ArrayList<String>();
                while (rs.next()) {
                    lines.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                }
                return lines;
            }
        });
    }

    private void assertSignedIn(SignIn result, String name) {
        assertThat(result).isInstanceOf(SignIn.SignedIn.class);
        assertThat(((SignIn.SignedIn) result).operator().name()).isEqualTo(name);
    }

    @Test
    void aCreatedOperatorHasAGeneratedPasswordStoredOnlyAsAnArgon2idPhcString() {
        var issued = operators.create("hash.check", OperatorRole.REVIEWER);
        assertThat(issued.operator()).isEqualTo("hash.check");
        assertThat(issued.role()).isEqualTo(OperatorRole.REVIEWER);
        // 144 random bits, base64url
        assertThat(issued.password()).matches("[A-Za-z0-9_-]{24}");
        assertThat(issued.toString()).doesNotContain(issued.password());

        var stored = storedHash("hash.check");
        assertThat(stored).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}")
                .doesNotContain(issued.password());
        assertThat(Passwords.verify(issued.password(), stored)).isTrue();
        assertThat(Passwords.verify(issued.password() + "x", stored)).isFalse();
        assertThat(Passwords.verify(issued.password(), "not a hash")).isFalse();
        assertThat(Passwords.hash(issued.password())).as("a fresh salt each time").isNotEqualTo(stored);

        assertSignedIn(operators.authenticate("hash.check", issued.password()), "hash.check");
        assertThat(operators.authenticate("hash.check", "wrong")).isInstanceOf(SignIn.WrongCredentials.class);
        assertThat(operators.find("hash.check").orElseThrow())
                .extracting(Operator::role, Operator::active).containsExactly(OperatorRole.REVIEWER, true);
        assertThat(audit()).contains("SYSTEM local operator.created operator hash.check, role reviewer",
                "OPERATOR hash.check operator.signed_in null",
                "OPERATOR hash.check operator.sign_in_failed wrong password");
        assertThat(audit()).noneMatch(line -> line.contains(issued.password()));
    }

    @Test
    void namesFollowTheRuleAndAreUnique() {
        for (var bad : List.of("", "Alice", "has space", "a".repeat(65), "ünï", "semi;colon")) {
            assertThatThrownBy(() -> operators.create(bad, OperatorRole.REVIEWER))
                    .isInstanceOf(OperatorException.class).hasMessage(OperatorService.NAME_RULE);
            assertThat(operators.find(bad)).isEmpty();
        }
        operators.create("a".repeat(64), OperatorRole.ADMIN);
        operators.create("unique-1_x.y", OperatorRole.REVIEWER);
        assertThatThrownBy(() -> operators.create("unique-1_x.y", OperatorRole.ADMIN))
                .isInstanceOf(OperatorException.class).hasMessage("operator unique-1_x.y already exists");
        assertThat(operators.find("unique-1_x.y").orElseThrow().role()).isEqualTo(OperatorRole.REVIEWER);
        assertThat(operators.list()).extracting(Operator::name).contains("a".repeat(64), "unique-1_x.y");
        assertThatThrownBy(() -> operators.disable("nobody"))
                .isInstanceOf(OperatorException.class).hasMessage("operator nobody not found");
        assertThatThrownBy(() -> operators.resetPassword("nobody"))
                .isInstanceOf(OperatorException.class).hasMessage("operator nobody not found");
    }

    @Test
    void anUnknownNameIsWrongCredentialsAndIsAuditedWithoutTheName() {
        assertThat(operators.authenticate("no-such-operator", "whatever")).isInstanceOf(SignIn.WrongCredentials.class);
        assertThat(operators.authenticate("Not A Name", "whatever")).isInstanceOf(SignIn.WrongCredentials.class);
        assertThat(operators.authenticate(null, null)).isInstanceOf(SignIn.WrongCredentials.class);
        assertThat(audit()).contains("OPERATOR (unknown) operator.sign_in_failed unknown name")
                .noneMatch(line -> line.contains("no-such-operator") || line.contains("whatever"));
    }

    @Test
    void fiveWrongPasswordsLockTheAccountForFifteenMinutes() {
        var password = operators.create("locks", OperatorRole.REVIEWER).password();
        for (int i = 1; i < OperatorService.MAX_FAILED_ATTEMPTS; i++) {
            assertThat(operators.authenticate("locks", "wrong-" + i)).isInstanceOf(SignIn.WrongCredentials.class);
        }
        var lockedAt = clock.instant();
        assertThat(operators.authenticate("locks", "wrong-5"))
                .isEqualTo(new SignIn.Locked(lockedAt.plus(Duration.ofMinutes(15))));

        clock.set(lockedAt.plus(Duration.ofMinutes(14)).plusSeconds(59));
        assertThat(operators.authenticate("locks", password)).as("the right password is not even checked")
                .isEqualTo(new SignIn.Locked(lockedAt.plus(Duration.ofMinutes(15))));

        clock.set(lockedAt.plus(Duration.ofMinutes(15)));
        assertSignedIn(operators.authenticate("locks", password), "locks");
        assertThat(audit()).contains("OPERATOR locks operator.locked_out until " + lockedAt.plus(Duration.ofMinutes(15)));
    }

    @Test
    void aSuccessfulSignInResetsTheCountOfWrongPasswords() {
        var password = operators.create("resets", OperatorRole.REVIEWER).password();
        for (int i = 1; i < OperatorService.MAX_FAILED_ATTEMPTS; i++) {
            assertThat(operators.authenticate("resets", "wrong")).isInstanceOf(SignIn.WrongCredentials.class);
        }
        assertSignedIn(operators.authenticate("resets", password), "resets");
        for (int i = 1; i < OperatorService.MAX_FAILED_ATTEMPTS; i++) {
            assertThat(operators.authenticate("resets", "wrong")).isInstanceOf(SignIn.WrongCredentials.class);
        }
        assertThat(operators.authenticate("resets", "wrong")).isInstanceOf(SignIn.Locked.class);
    }

    @Test
    void aPasswordResetReplacesThePasswordLiftsALockAndEndsSessions() {
        var old = operators.create("forgetful", OperatorRole.ADMIN).password();
        var session = sessions.start(operators.find("forgetful").orElseThrow());
        for (int i = 0; i < OperatorService.MAX_FAILED_ATTEMPTS; i++) {
            operators.authenticate("forgetful", "wrong");
        }
        var reset = operators.resetPassword("forgetful");
        assertThat(reset.operator()).isEqualTo("forgetful");
        assertThat(reset.role()).isEqualTo(OperatorRole.ADMIN);
        assertThat(reset.password()).isNotEqualTo(old);
        assertThat(sessions.resume(session.token())).isEmpty();
        assertThat(operators.authenticate("forgetful", old)).isInstanceOf(SignIn.WrongCredentials.class);
        assertSignedIn(operators.authenticate("forgetful", reset.password()), "forgetful");
        assertThat(audit()).contains("SYSTEM local operator.password_reset operator forgetful");
    }

    @Test
    void aDisabledOperatorIsRefusedAndTheirSessionsEnd() {
        var password = operators.create("leaver", OperatorRole.REVIEWER).password();
        var session = sessions.start(operators.find("leaver").orElseThrow());
        assertThat(sessions.resume(session.token())).isPresent();

        operators.disable("leaver");
        assertThat(operators.find("leaver").orElseThrow().active()).isFalse();
        assertThat(operators.authenticate("leaver", password)).isInstanceOf(SignIn.Disabled.class);
        assertThat(operators.authenticate("leaver", "wrong")).isInstanceOf(SignIn.WrongCredentials.class);
        assertThat(sessions.resume(session.token())).isEmpty();
        assertThatThrownBy(() -> sessions.start(operators.find("leaver").orElseThrow()))
                .isInstanceOf(OperatorException.class);

        operators.enable("leaver");
        assertThat(sessions.resume(session.token())).as("ended, not merely suspended").isEmpty();
        assertSignedIn(operators.authenticate("leaver", password), "leaver");
        assertThat(audit()).contains("SYSTEM local operator.disabled operator leaver",
                "SYSTEM local operator.enabled operator leaver", "OPERATOR leaver operator.sign_in_failed disabled");
    }

    @Test
    void aSessionResumesWithItsOperatorAndCsrfTokenAndIsStoredOnlyHashed() {
        operators.create("sessions", OperatorRole.ADMIN);
        var operator = operators.find("sessions").orElseThrow();
        var started = sessions.start(operator);
        assertThat(started.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(started.csrfToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(started.token());
        assertThat(started.toString()).doesNotContain(started.token(), started.csrfToken());

        var active = sessions.resume(started.token()).orElseThrow();
        assertThat(active.operator()).isEqualTo(operator);
        assertThat(active.csrfToken()).isEqualTo(started.csrfToken());
        assertThat(sessions.resume(started.token() + "x")).isEmpty();
        assertThat(sessions.resume("")).isEmpty();
        assertThat(sessions.resume(null)).isEmpty();

        var stored = database.read(c -> {
            try (var select = c.prepareStatement(
                    "SELECT token_hash, csrf_token FROM operator_sessions WHERE operator_id = ?")) {
                select.setLong(1, operator.id());
                try (var rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    return List.of(rs.getString(1), rs.getString(2));
                }
            }
        });
        assertThat(stored.getFirst()).isEqualTo(OperatorSessions.tokenHash(started.token())).matches("[0-9a-f]{64}");
        assertThat(stored).doesNotContain(started.token());
    }

    @Test
    void aSessionEndsAfterThirtyIdleMinutesAndUseIsRecordedAtMostOnceAMinute() {
        operators.create("idler", OperatorRole.REVIEWER);
        var started = sessions.start(operators.find("idler").orElseThrow());
        clock.advance(Duration.ofSeconds(30));
        assertThat(sessions.resume(started.token())).isPresent();
        assertThat(lastSeen(started.token())).as("not written within a minute").isEqualTo(started.startedAt());
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.resume(started.token())).isPresent();
        assertThat(lastSeen(started.token())).isEqualTo(clock.instant());

        clock.advance(IDLE.plusSeconds(1));
        assertThat(sessions.resume(started.token())).isEmpty();
        assertThat(otherNodeSessions().resume(started.token())).isEmpty();
    }

    @Test
    void aSessionEndsTwelveHoursAfterSignInHoweverActive() {
        operators.create("busy", OperatorRole.REVIEWER);
        var started = sessions.start(operators.find("busy").orElseThrow());
        while (clock.instant().isBefore(started.startedAt().plus(MAX).minus(Duration.ofMinutes(20)))) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(sessions.resume(started.token())).as("at " + clock.instant()).isPresent();
        }
        clock.set(started.startedAt().plus(MAX));
        assertThat(sessions.resume(started.token())).isEmpty();
    }

    @Test
    void aSignOutEndsTheSessionOnEveryNode() {
        operators.create("signs-out", OperatorRole.REVIEWER);
        var started = sessions.start(operators.find("signs-out").orElseThrow());
        var otherNode = otherNodeSessions();
        assertThat(otherNode.resume(started.token())).isPresent();

        assertThat(otherNode.end(started.token())).isTrue();
        assertThat(sessions.resume(started.token())).isEmpty();
        assertThat(otherNode.resume(started.token())).isEmpty();
        assertThat(sessions.end(started.token())).as("already ended").isFalse();
        assertThat(audit()).containsOnlyOnce("OPERATOR signs-out operator.signed_out null");
        var ended = database.read(c -> {
            try (var select = c.prepareStatement("SELECT ended_at FROM operator_sessions WHERE token_hash = ?")) {
                select.setString(1, OperatorSessions.tokenHash(started.token()));
                try (var rs = select.executeQuery()) {
                    rs.next();
                    return Jdbc.getInstant(rs, "ended_at");
                }
            }
        });
        assertThat(ended).isEqualTo(clock.instant());
    }

    private Instant lastSeen(String token) {
        return database.read(c -> {
            try (var select = c.prepareStatement("SELECT last_seen_at FROM operator_sessions WHERE token_hash = ?")) {
                select.setString(1, OperatorSessions.tokenHash(token));
                try (var rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    return Jdbc.getInstant(rs, "last_seen_at");
                }
            }
        });
    }
}
