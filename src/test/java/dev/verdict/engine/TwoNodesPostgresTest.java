package dev.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Poll;
import dev.verdict.testing.Ports;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two server processes on one PostgreSQL: every job is claimed and decided by exactly one of them. */
@StartsProcesses
class TwoNodesPostgresTest {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    private static final int JOBS = 40;

    @Test
    void twoNodesNeverProcessTheSameJobTwice(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
        try (var backend = TestBackend.postgres()) {
            var envA = new HashMap<>(TestServer.env(backend, dirA));
            envA.put("VERDICT_ENGINE_POLL", "100ms");
            envA.put("VERDICT_ENGINE_WORKERS", "4");
            var envB = new HashMap<>(envA);
            envB.put("VERDICT_DATA_DIR", dirB.toString());
            envB.put("VERDICT_HTTP_PORT", Integer.toString(Ports.free()));
            envB.put("VERDICT_HTTPS_PORT", Integer.toString(Ports.free()));
            envB.put("VERDICT_ADMIN_PORT", Integer.toString(Ports.free()));
            try (var a = ServerProcess.start(envA); var b = ServerProcess.start(envB)) {
                var credentials = a.demoCredentials();
                var partnerId = credentials.get("partner_id").asText();
                var signature = new SidSignature(credentials.get("api_key").asText()).sign(TS, partnerId);
                for (int i = 0; i < JOBS; i++) {
                    var body = """
                            {"partner_id": "%s", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "BVN",
                             "id_number": "123456789%02d", "partner_params": {"user_id": "u%d", "job_id": "two-nodes-%d",
                             "job_type": 5}}""".formatted(partnerId, TS, signature, i, i, i);
                    var response = (i % 2 == 0 ? a : b).api().post("/v1/async_id_verification", body);
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                }
                var url = backend.env().get("VERDICT_DB_URL");
                var user = backend.env().get("VERDICT_DB_USER");
                try (var c = DriverManager.getConnection(url, user, null)) {
                    Poll.atMost(Duration.ofSeconds(60)).every(Duration.ofMillis(100)).until(() -> {
                        try (var s = c.createStatement(); var rs = s.executeQuery(
                                "SELECT COUNT(*) FROM jobs WHERE job_id LIKE 'two-nodes-%' AND complete")) {
                            rs.next();
                            return rs.getInt(1) == JOBS;
                        }
                    }, "all jobs complete");
                    try (var s = c.createStatement(); var rs = s.executeQuery("""
                            SELECT w.attempts, w.claimed_by, (SELECT COUNT(*) FROM result_events e WHERE e.job_pk = j.id) AS events
                            FROM work_items w JOIN jobs j ON j.id = w.job_pk WHERE j.job_id LIKE 'two-nodes-%'""")) {
                        var byNode = new TreeMap<String, Integer>();
                        int items = 0;
                        while (rs.next()) {
                            items++;
                            assertThat(rs.getInt("attempts")).as("claims of one item").isEqualTo(1);
                            assertThat(rs.getInt("events")).as("results of one job").isEqualTo(1);
                            byNode.merge(rs.getString("claimed_by"), 1, Integer::sum);
                        }
                        assertThat(items).isEqualTo(JOBS);
                        System.out.println("jobs decided per node: " + byNode);
                    }
                }
            }
        }
    }
}
