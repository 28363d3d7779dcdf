package dev.verdict.engine;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.signing.SidSignature;
import dev.verdict.testing.ApiClient;
import dev.verdict.testing.Poll;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL a server process while jobs are queued and claimed: after a restart every job completes,
 * exactly once. Claims are leases in the database, so the restarted node takes the dead one's work
 * over when the lease runs out.
 */
@StartsProcesses
abstract class CrashTests {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    abstract TestBackend backend(Path dataDir);

    @Test
    void aKilledServerLosesAndDuplicatesNothing(@TempDir Path dataDir) throws Exception {
        try (var backend = backend(dataDir)) {
            var env = new HashMap<>(TestServer.env(backend, dataDir));
            env.put("VERDICT_ENGINE_LEASE", "3s");
            env.put("VERDICT_ENGINE_WORKERS", "2");
            env.put("VERDICT_ENGINE_POLL", "200ms");
            var admin = ApiClient.plainHttp(env);

            var first = ServerProcess.start(env);
            var credentials = first.demoCredentials();
            var partnerId = credentials.get("partner_id").asText();
            var signature = new SidSignature(credentials.get("api_key").asText()).sign(TS, partnerId);
            var jobs = new ArrayList<String>();
            for (int i = 0; i < 6; i++) {
                // the first two hold both workers ("sandbox-slow-60": a first attempt sleeps a minute on
                // its claim), so the other four stay queued: at the kill, claims are in flight and work waits
                var jobId = i < 2 ? "crash-" + i + "-sandbox-slow-60" : "crash-" + i;
                var body = """
                        {"partner_id": "%s", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "BVN",
                         "id_number": "1234567890%d", "partner_params": {"user_id": "crash-user", "job_id":
                         "%s", "job_type": 5}}""".formatted(partnerId, TS, signature, i, jobId);
                var answer = admin.post("/v1/async_id_verification", body);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                jobs.add(json(answer.body()).get("smile_job_id").asText());
                if (i == 1) {
                    awaitState(admin, jobs, "PROCESSING", 2);
                }
            }
            assertThat(states(admin, jobs)).containsEntry("PROCESSING", 2).containsEntry("RECEIVED", 4);

            first.kill();

            try (var second = ServerProcess.start(env)) {
                Poll.atMost(Duration.ofSeconds(60)).every(Duration.ofMillis(200))
                        .until(() -> states(admin, jobs).getOrDefault("COMPLETE", 0) >= jobs.size(),
                                () -> "all jobs complete: " + states(admin, jobs) + "\n" + second.output());
                for (var smileJobId : jobs) {
                    var detail = admin.adminJson("/internal/v1/jobs/" + smileJobId);
                    assertThat(detail.get("results")).as(smileJobId).hasSize(1);
                    assertThat(detail.get("results").get(0).get("result").get("ResultCode").asText()).isEqualTo("1012");
                }
            }
        }
    }

    private void awaitState(ApiClient admin, java.util.List<String> jobs, String state, int count) throws Exception {
        Poll.atMost(Duration.ofSeconds(20)).every(Duration.ofMillis(50))
                .until(() -> states(admin, jobs).getOrDefault(state, 0) >= count, count + " jobs " + state);
    }

    private Map<String, Integer> states(ApiClient admin, java.util.List<String> jobs) throws Exception {
        var counts = new HashMap<String, Integer>();
        for (var smileJobId : jobs) {
            var detail = admin.adminGet("/internal/v1/jobs/" + smileJobId);
            if (detail.statusCode() == 200) {
                counts.merge(json(detail.body()).get("state").asText(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
