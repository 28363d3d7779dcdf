package dev.verdict.engine;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.Poll;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zips;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability at the worst moment: three clients submit work concurrently (async ID verification,
 * prep upload + zip PUT, internal job + result), and the server is SIGKILLed the instant a chosen
 * number of acknowledgements has arrived, while the other requests are still in flight. After every
 * restart, each acknowledged job, zip and result must be there, and no SmileJobID may ever name two
 * jobs. Many rounds on one data directory, so every restart also recovers the previous crash.
 */
@StartsProcesses
abstract class AcknowledgementCrashTests {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    private static final int ROUNDS = Integer.getInteger("verdict.crash.rounds", 20);
    private static final byte[] SELFIE = Images.checkerboard(64, 64);

    /** The server process of the moment, killed after the test whatever happened. */
    private ServerProcess server;

    abstract TestBackend backend(Path dataDir);

    @AfterEach
    void killTheServer() throws InterruptedException {
        if (server != null) {
            server.kill();
        }
    }

    /** What a client was told: the server accepted this. */
    private record Ack(String kind, String smileJobId, String jobId) {}

    @Test
    void noAcknowledgementIsLostWhenTheServerIsKilledRightAfterIt(@TempDir Path dataDir) throws Exception {
        try (var backend = backend(dataDir)) {
            var env = new HashMap<>(TestServer.env(backend, dataDir));
            env.put("VERDICT_ENGINE_LEASE", "2s");
            var http = "http://127.0.0.1:" + env.get("VERDICT_HTTP_PORT");
            var admin = "http://127.0.0.1:" + env.get("VERDICT_ADMIN_PORT");
            var https = env.get("VERDICT_PUBLIC_URL");
            var everyAck = new ArrayList<Ack>();
            var jobIdBySmileJobId = new HashMap<String, String>();
            var killDelaysMillis = new ArrayList<Long>();

            server = ServerProcess.start(env, "-Xmx256m");
            var credentials = server.demoCredentials();
            var partnerId = credentials.get("partner_id").asText();
            var signature = new SidSignature(credentials.get("api_key").asText()).sign(TS, partnerId);
            for (int round = 0; round < ROUNDS; round++) {
                var traffic = new Traffic(http, admin, https, partnerId, signature, "r" + round);
                var acks = traffic.runUntilAcknowledged(ThreadLocalRandom.current().nextInt(3, 25),
                        ThreadLocalRandom.current().nextInt(0, 50), server);
                killDelaysMillis.add(traffic.killDelayMillis);

                // the restarted server is checked, then carries the next round's traffic
                server = ServerProcess.start(env, "-Xmx256m");
                for (var ack : acks) {
                    var previous = jobIdBySmileJobId.putIfAbsent(ack.smileJobId(), ack.jobId());
                    assertThat(previous).as("SmileJobID %s handed out twice (round %d)", ack.smileJobId(), round)
                            .isIn(null, ack.jobId());
                    assertSurvived(admin, ack, round, server);
                }
                everyAck.addAll(acks);
            }

            // Every accepted job is also processed to the end, across all those crashes.
            for (var ack : everyAck) {
                assertSurvived(admin, ack, -1, server);
                if (ack.kind().equals("async") || ack.kind().equals("zip")) {
                    awaitComplete(admin, ack, server);
                }
            }
            System.out.printf("%s: %d rounds, %d acknowledgements, none lost; killed %s ms after the latest ack%n",
                    backend.name(), ROUNDS, everyAck.size(), killDelaysMillis);
            assertThat(everyAck).hasSizeGreaterThanOrEqualTo(ROUNDS * 3);
            assertThat(killDelaysMillis).allSatisfy(millis -> assertThat(millis).isLessThan(100));
        }
    }

    private static void assertSurvived(String admin, Ack ack, int round, ServerProcess server) throws Exception {
        var detail = get(admin + "/internal/v1/jobs/" + ack.smileJobId());
        var where = "%s acknowledged in round %d, after restart (%s)".formatted(ack, round, server.output().lines()
                .filter(l -> l.contains("ERROR")).findFirst().orElse("no error logged"));
        assertThat(detail.statusCode()).as(where + ": " + detail.body()).isEqualTo(200);
        var job = json(detail.body());
        assertThat(job.get("job_id").asText()).as(where).isEqualTo(ack.jobId());
        switch (ack.kind()) {
            case "zip" -> {
                assertThat(job.get("state").asText()).as(where).isNotEqualTo("CREATED");
                assertThat(job.get("images")).as(where + ": the zip's selfie").isNotEmpty();
                for (var image : job.get("images")) {
                    assertThat(get(admin + "/internal/v1/images/" + image.get("id").asText()).statusCode())
                            .as(where + ": image bytes").isEqualTo(200);
                }
            }
            case "result" -> assertThat(job.get("results")).as(where).extracting(r -> r.get("seq").asInt()).contains(1);
            default -> assertThat(job.get("state").asText()).as(where).isNotEqualTo("CREATED");
        }
    }

    private static void awaitComplete(String admin, Ack ack, ServerProcess server) throws Exception {
        Poll.atMost(Duration.ofSeconds(60)).every(Duration.ofMillis(50))
                .until(() -> json(get(admin + "/internal/v1/jobs/" + ack.smileJobId()).body()).get("job_complete").booleanValue(),
                        () -> ack + " completes\n" + server.output());
    }

    private static final HttpClient CHECKER = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String url) throws Exception {
        return CHECKER.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Three clients, each in its own thread with its own connection, until the server dies. */
    private static final class Traffic {
        private final String http;
        private final String admin;
        private final String https;
        private final String partnerId;
        private final String signature;
        private final String prefix;
        private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicBoolean killed = new AtomicBoolean();
        private final Map<String, AtomicInteger> sequence = new ConcurrentHashMap<>();
        private volatile long killDelayMillis;
        private volatile long lastAckNanos;

        Traffic(String http, String admin, String https, String partnerId, String signature, String prefix) {
            this.http = http;
            this.admin = admin;
            this.https = https;
            this.partnerId = partnerId;
            this.signature = signature;
            this.prefix = prefix;
        }

        /** Runs until {@code target} acknowledgements, then SIGKILLs the server {@code pauseMillis} later. */
        List<Ack> runUntilAcknowledged(int target, int pauseMillis, ServerProcess server) throws Exception {
            var threads = List.of(Thread.ofPlatform().start(() -> loop("async", this::asyncIdVerification)),
                    Thread.ofPlatform().start(() -> loop("zip", this::uploadZip)),
                    Thread.ofPlatform().start(() -> loop("result", this::internalResult)));
            var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            synchronized (count) {
                while (count.get() < target) {
                    assertThat(System.nanoTime()).as("acknowledgements arrive").isLessThan(deadline);
                    count.wait(100);
                }
            }
            // SIGKILL a moment after the target-th acknowledgement, with the other clients' requests in
            // flight; what counts is the time since the latest acknowledgement any client received
            Thread.sleep(pauseMillis);
            killed.set(true);
            server.sigkill();
            killDelayMillis = (System.nanoTime() - lastAckNanos) / 1_000_000;
            server.kill(); // waits until it is gone
            for (var thread : threads) {
                thread.join();
            }
            return List.copyOf(acks);
        }

        private interface Step {
            Ack run(HttpClient client, String jobId) throws Exception;
        }

        private void loop(String kind, Step step) {
            try (var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                while (!killed.get()) {
                    var jobId = prefix + "-" + kind + "-" + sequence.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                    Ack ack;
                    try {
                        ack = step.run(client, jobId);
                    } catch (IOException e) {
                        return; // the server died under this request: not acknowledged
                    }
                    synchronized (count) {
                        lastAckNanos = System.nanoTime();
                        acks.add(ack);
                        count.incrementAndGet();
                        count.notifyAll();
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(kind + " client failed", e);
            }
        }

        private Ack asyncIdVerification(HttpClient client, String jobId) throws Exception {
            var body = """
                    {"partner_id": "%s", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "BVN",
                     "id_number": "12345678901", "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 5}}"""
                    .formatted(partnerId, TS, signature, "u-" + jobId, jobId);
            var answer = post(client, http + "/v1/async_id_verification", body, null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return new Ack("async", json(answer.body()).get("smile_job_id").asText(), jobId);
        }

        private Ack uploadZip(HttpClient client, String jobId) throws Exception {
            var user = "u-" + jobId;
            var prep = """
                    {"smile_client_id": "%s", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "%s",
                     "job_id": "%s", "job_type": 4}, "source_sdk": "java"}""".formatted(partnerId, TS, signature, user, jobId);
            var answer = post(client, http + "/v1/upload", prep, null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            var prepared = json(answer.body());
            // the URL is on the public (HTTPS) base; the plain listener serves the same path
            var url = prepared.get("upload_url").asText().replace(https, http);
            var put = client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/zip")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Zips.java(user, jobId, 4, SELFIE))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            return new Ack("zip", prepared.get("smile_job_id").asText(), jobId);
        }

        private Ack internalResult(HttpClient client, String jobId) throws Exception {
            var create = """
                    {"partner_id": "%s", "user_id": "%s", "job_id": "%s", "job_type": 5, "state": "RECEIVED"}"""
                    .formatted(partnerId, "u-" + jobId, jobId);
            var created = post(client, admin + "/internal/v1/jobs", create, TestServer.ADMIN_TOKEN);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            var smileJobId = json(created.body()).get("smile_job_id").asText();
            acks.add(new Ack("created", smileJobId, jobId));
            lastAckNanos = System.nanoTime();
            var result = post(client, admin + "/internal/v1/jobs/" + smileJobId + "/results",
                    "{\"seq\": 1, \"ResultCode\": \"1012\", \"produced_by\": \"crash-test\"}", TestServer.ADMIN_TOKEN);
            assertThat(result.statusCode()).as(result.body()).isEqualTo(201);
            return new Ack("result", smileJobId, jobId);
        }

        private static HttpResponse<String> post(HttpClient client, String url, String body, String token) throws Exception {
            var request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
