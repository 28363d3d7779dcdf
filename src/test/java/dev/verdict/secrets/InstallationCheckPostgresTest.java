package dev.verdict.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.db.Database;
import dev.verdict.db.Migrations;
import dev.verdict.testing.TestBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The installation row race in isolation: nodes of one installation starting together each find no
 * installation row and each try to record one. The first start must succeed on every node, and every
 * node must still check its master key against the one proof that was kept.
 */
class InstallationCheckPostgresTest {
    private static final int ROUNDS = 40;
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void nodesRecordingTheInstallationAtTheSameInstantAllStart() throws Exception {
        var secrets = new Secrets(MasterKey.of(new byte[MasterKey.LENGTH]));
        try (var backend = TestBackend.postgres(); var a = open(backend); var b = open(backend)) {
            Migrations.migrate(a);
            var starters = Executors.newFixedThreadPool(2);
            try {
                for (int round = 1; round <= ROUNDS; round++) {
                    a.run(c -> c.createStatement().executeUpdate("DELETE FROM installation"));
                    var barrier = new CyclicBarrier(2);
                    var checks = new ArrayList<Future<?>>();
                    for (var database : new Database[] {a, b}) {
                        checks.add(starters.submit(() -> {
                            barrier.await(10, TimeUnit.SECONDS);
                            InstallationCheck.verifyOrRecord(database, secrets, NOW);
                            return null;
                        }));
                    }
                    for (var check : checks) {
                        check.get(30, TimeUnit.SECONDS); // throws when a node failed to start
                    }
                    var rows = a.read(c -> {
                        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM installation")) {
                            rs.next();
                            return rs.getInt(1);
                        }
                    });
                    assertThat(rows).as("round %d", round).isEqualTo(1);
                }
            } finally {
                starters.shutdownNow();
            }
            var otherKey = new byte[MasterKey.LENGTH];
            otherKey[0] = 1;
            assertThatThrownBy(() -> InstallationCheck.verifyOrRecord(b, new Secrets(MasterKey.of(otherKey)), NOW))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("master key does not match");
        }
    }

    private static Database open(TestBackend backend) {
        var env = backend.env();
        return new Database(env.get("VERDICT_DB_URL"), env.get("VERDICT_DB_USER"), null, 2);
    }
}
