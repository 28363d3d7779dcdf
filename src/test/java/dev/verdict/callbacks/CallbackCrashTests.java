package dev.verdict.callbacks;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.testing.ApiClient;
import dev.verdict.testing.Poll;
import dev.verdict.testing.Receiver;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the server while callbacks are in flight: after a restart every event is delivered at
 * least once, a repeat carries the same webhook-id, and each job's events arrive in seq order.
 */
@StartsProcesses
abstract class CallbackCrashTests {
    private static final int JOBS = 4;

    abstract TestBackend backend(Path dataDir);

    @Test
    void aKilledServerLosesReordersNothing(@TempDir Path dataDir) throws Exception {
        try (var backend = backend(dataDir); var receiver = new Receiver()) {
            // until the kill every request hangs, so deliveries are in flight when the server dies
            var killed = new java.util.concurrent.atomic.AtomicBoolean();
            receiver.policy(r -> killed.get() ? Receiver.Answer.status(200) : new Receiver.Answer(200, Duration.ofSeconds(20)));
            var env = new HashMap<>(TestServer.env(backend, dataDir));
            env.put("VERDICT_SANDBOX_JOB_TYPES", "none");
            env.put("VERDICT_CALLBACK_TIMEOUT", "1s");
            env.put("VERDICT_CALLBACK_LEASE", "3s");
            env.put("VERDICT_ENGINE_POLL", "200ms");
            var api = ApiClient.plainHttp(env);

            var first = ServerProcess.start(env);
            var partnerId = first.demoCredentials().get("partner_id").asText();
            var jobs = new ArrayList<String>();
            for (int i = 0; i < JOBS; i++) {
                var created = api.adminPost("/internal/v1/jobs", """
                        {"partner_id": "%s", "user_id": "u-%s", "job_id": "j-%s", "job_type": 1, "callback_url": "%s"}"""
                        .formatted(partnerId, UUID.randomUUID(), UUID.randomUUID(), receiver.url("/crash/" + i)));
                var smileJobId = json(created.body()).get("smile_job_id").asText();
                jobs.add(smileJobId);
                var seq = 0;
                for (var code : List.of("1012", "0814", "1210")) {
                    var recorded = api.adminPost("/internal/v1/jobs/" + smileJobId + "/results",
                            "{\"seq\": %d, \"ResultCode\": \"%s\"}".formatted(++seq, code));
                    assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
                }
            }
            // the first event of every job is in flight
            Poll.atMost(Duration.ofSeconds(20)).every(Duration.ofMillis(50))
                    .until(() -> receiver.all().size() >= JOBS, "deliveries in flight");
            first.kill();
            killed.set(true);

            try (var second = ServerProcess.start(env)) {
                Poll.atMost(Duration.ofSeconds(60)).every(Duration.ofMillis(100))
                        .until(() -> delivered(api, jobs) >= JOBS * 3, () -> "every event delivered\n" + second.output());
                assertThat(distinctIds(receiver)).isEqualTo(JOBS * 3);
                // a repeat carries the same webhook-id: each id always names the same job and seq
                var byId = new HashMap<String, String>();
                for (var request : receiver.all()) {
                    var body = json(request.body());
                    var what = body.get("SmileJobID").asText() + "/" + body.get("seq").asText();
                    var previous = byId.putIfAbsent(request.header("webhook-id"), what);
                    assertThat(previous == null || previous.equals(what)).as(request.header("webhook-id")).isTrue();
                }
                // per job, events first arrive in seq order
                for (int i = 0; i < JOBS; i++) {
                    var order = new LinkedHashMap<String, Integer>();
                    for (var request : receiver.received("/crash/" + i)) {
                        order.putIfAbsent(request.header("webhook-id"), json(request.body()).get("seq").asInt());
                    }
                    assertThat(order.values()).as("job " + jobs.get(i)).containsExactly(1, 2, 3);
                }
                assertThat(receiver.all().size()).as("at least one repeat after the crash").isGreaterThan(JOBS * 3);
            }
        }
    }

    /** Deliveries the server has recorded as DELIVERED (the receiver answered 2xx). */
    private static int delivered(ApiClient api, List<String> jobs) {
        var count = 0;
        for (var smileJobId : jobs) {
            for (var delivery : api.adminJson("/internal/v1/jobs/" + smileJobId).get("deliveries")) {
                if (delivery.get("state").asText().equals("DELIVERED")) {
                    count++;
                }
            }
        }
        return count;
    }

    private static int distinctIds(Receiver receiver) {
        var ids = new HashSet<String>();
        receiver.all().forEach(r -> ids.add(r.header("webhook-id")));
        return ids.size();
    }

}
