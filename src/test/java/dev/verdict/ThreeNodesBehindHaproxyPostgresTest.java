package dev.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.testing.ChildProcesses;
import dev.verdict.testing.Images;
import dev.verdict.testing.Node;
import dev.verdict.testing.Poll;
import dev.verdict.testing.Ports;
import dev.verdict.testing.Receiver;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §8 as an operator runs it: three nodes on one PostgreSQL behind HAProxy (round robin, health
 * checks on each node's /health), the official Node SDK as the client. One node is SIGKILLed while jobs
 * are being decided and callbacks delivered; the other two finish its work once its leases expire.
 */
@StartsProcesses
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ThreeNodesBehindHaproxyPostgresTest {
    private static final int NODES = 3;
    private static final int ROUNDS = 2;

    @Test
    void everyJobReachesOneFinalResultAndEveryCallbackArrivesWhenANodeIsKilled(@TempDir Path dir) throws Exception {
        var haproxy = haproxyOrSkip();
        try (var backend = TestBackend.postgres(); var receiver = new Receiver()) {
            // callbacks answered slowly enough that some are in flight when the node dies
            receiver.policy(r -> new Receiver.Answer(200, Duration.ofMillis(500)));
            var frontPort = Ports.free();
            var nodes = new ArrayList<ServerProcess>();
            try {
                for (int i = 0; i < NODES; i++) {
                    var dataDir = Files.createDirectories(dir.resolve("node-" + i));
                    if (i > 0) { // one certificate for the installation, as behind a TCP balancer
                        copyTls(dir.resolve("node-0"), dataDir);
                    }
                    nodes.add(ServerProcess.start(nodeEnv(backend, dataDir, frontPort)));
                }
                var config = dir.resolve("haproxy.cfg");
                Files.writeString(config, haproxyConfig(frontPort, nodes.stream().map(ServerProcess::env).toList()));
                var balancer = ChildProcesses.start(new ProcessBuilder(haproxy, "-db", "-f", config.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()));
                try {
                    awaitAllUp(dir.resolve("node-0/tls/ca.pem"), frontPort);
                    run(dir, backend, receiver, frontPort, nodes);
                } finally {
                    balancer.destroy();
                    balancer.waitFor(10, TimeUnit.SECONDS);
                    System.out.println("HAProxy:\n" + Files.readString(dir.resolve("haproxy.log")));
                }
            } finally {
                nodes.forEach(ServerProcess::close);
            }
        }
    }

    private void run(Path dir, TestBackend backend, Receiver receiver, int frontPort, List<ServerProcess> nodes)
            throws Exception {
        var credentials = nodes.getFirst().demoCredentials();
        var selfie = Files.write(dir.resolve("selfie.jpg"), Images.jpeg(120, 160));
        var idCard = Files.write(dir.resolve("id.jpg"), Images.jpeg(160, 120));
        var env = Map.ofEntries(
                Map.entry("NODE_EXTRA_CA_CERTS", dir.resolve("node-0/tls/ca.pem").toString()),
                Map.entry("SERVER", "127.0.0.1:" + frontPort + "/v1"),
                Map.entry("PARTNER_ID", credentials.get("partner_id").asText()),
                Map.entry("API_KEY", credentials.get("api_key").asText()),
                Map.entry("CALLBACK", receiver.url("/cb")),
                Map.entry("SELFIE", selfie.toString()),
                Map.entry("ID_CARD", idCard.toString()),
                Map.entry("PREFIX", "ha"),
                Map.entry("ROUNDS", Integer.toString(ROUNDS)),
                Map.entry("DEADLINE_MS", "90000"),
                Map.entry("AFTER_KILL_MS", "2000"));
        var client = Node.start("scale-run.js", env);
        var output = Collections.synchronizedList(new ArrayList<String>());
        long killedAt = 0;
        var victim = nodes.get(1);
        try (var lines = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.startsWith("submitted") && killedAt == 0) {
                    awaitClaimBy(backend, victim);
                    killedAt = System.currentTimeMillis();
                    victim.kill();
                    client.getOutputStream().write("killed\n".getBytes(StandardCharsets.UTF_8));
                    client.getOutputStream().flush();
                }
            }
        }
        assertThat(client.waitFor(100, TimeUnit.SECONDS)).isTrue();
        var transcript = String.join("\n", output);
        assertThat(client.exitValue()).as(transcript).isZero();
        assertThat(killedAt).as("the kill happened while the client ran:\n" + transcript).isPositive();
        System.out.println("Node SDK through HAProxy:\n" + transcript);

        var afterKill = killedAt;
        var serverErrors = output.stream().filter(l -> l.startsWith("status-error ")).map(l -> l.split(" "))
                .filter(f -> Long.parseLong(f[1]) >= afterKill && f[2].matches("5\\d\\d")).toList();
        assertThat(serverErrors).as("job_status answers 5xx after the kill:\n" + transcript).isEmpty();

        var done = TestServer.json(output.getLast().substring("done ".length()));
        var jobIds = new TreeSet<String>();
        done.get("jobs").forEach(j -> jobIds.add(j.asText()));
        assertThat(jobIds).hasSize(ROUNDS * 6);
        assertThat(done.get("after_kill").asInt()).as("job_status calls after the kill").isGreaterThan(0);

        var events = resultSeqs(backend, jobIds);
        assertThat(events.keySet()).as("jobs with a result").isEqualTo(jobIds);
        events.forEach((job, seqs) -> assertThat(seqs).as("result seqs of " + job)
                .isEqualTo(IntStream.rangeClosed(1, seqs.size()).boxed().toList()));

        // every result event of every job is delivered, each delivery with the one webhook-id of its event
        var expected = events.values().stream().mapToInt(List::size).sum();
        // (the killed node's deliveries are taken over once their leases run out)
        Poll.atMost(Duration.ofSeconds(30)).every(Duration.ofMillis(200)).until(
                () -> query(backend, "SELECT COUNT(*) FROM callback_deliveries WHERE state = 'DELIVERED'")
                        .equals(Integer.toString(expected)),
                () -> "every callback delivered: " + webhookIdsByJob(receiver));
        var byJob = webhookIdsByJob(receiver);
        for (var job : jobIds) {
            assertThat(byJob.get(job)).as("callbacks for " + job).hasSizeGreaterThanOrEqualTo(events.get(job).size());
            assertThat(new TreeSet<>(byJob.get(job))).as("webhook-ids for " + job).hasSize(events.get(job).size());
        }
        System.out.println("callbacks received: " + receiver.received("/cb").size() + " for " + expected
                + " result events; client job_status calls: " + done.get("status_calls").asInt() + " until every job"
                + " was final, " + done.get("after_kill").asInt() + " in the " + "2 s after the kill; "
                + query(backend, "SELECT 'work items claimed more than once: ' || COUNT(*) FROM work_items WHERE attempts > 1")
                + "; " + query(backend, "SELECT 'deliveries attempted more than once: ' || COUNT(*) FROM callback_deliveries"
                        + " WHERE attempts > 1"));
    }

    /** Kills mid-work: waits (a while at most) until the node holds a lease on a job or a callback. */
    private static void awaitClaimBy(TestBackend backend, ServerProcess node) throws Exception {
        var claimedBy = "%/" + node.pid();
        var sql = "SELECT (SELECT COUNT(*) FROM work_items WHERE claimed_by LIKE '" + claimedBy + "' AND lease_until > now())"
                + " + (SELECT COUNT(*) FROM callback_deliveries WHERE claimed_by LIKE '" + claimedBy
                + "' AND lease_until > now())";
        var until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && Long.parseLong(query(backend, sql)) == 0) {
            Thread.sleep(20);
        }
        System.out.println("killing node " + node.pid() + " holding " + query(backend, sql) + " leases");
    }

    private static String query(TestBackend backend, String sql) throws Exception {
        try (var c = DriverManager.getConnection(backend.env().get("VERDICT_DB_URL"), backend.env().get("VERDICT_DB_USER"), null);
                var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Map<String, List<String>> webhookIdsByJob(Receiver receiver) {
        var byJob = new TreeMap<String, List<String>>();
        for (var callback : receiver.received("/cb")) {
            JsonNode body = TestServer.json(callback.body());
            var job = body.path("PartnerParams").path("job_id").asText();
            byJob.computeIfAbsent(job, j -> new ArrayList<>()).add(callback.header("webhook-id"));
        }
        return byJob;
    }

    private static Map<String, List<Integer>> resultSeqs(TestBackend backend, TreeSet<String> jobIds) throws Exception {
        var seqs = new TreeMap<String, List<Integer>>();
        try (var c = DriverManager.getConnection(backend.env().get("VERDICT_DB_URL"), backend.env().get("VERDICT_DB_USER"), null);
                var s = c.prepareStatement("""
                        SELECT j.job_id, j.complete, e.seq FROM jobs j JOIN result_events e ON e.job_pk = j.id
                        WHERE j.job_id LIKE 'ha-%' ORDER BY j.job_id, e.seq""");
                var rs = s.executeQuery()) {
            while (rs.next()) {
                assertThat(rs.getBoolean("complete")).as(rs.getString(1) + " complete").isTrue();
                seqs.computeIfAbsent(rs.getString(1), j -> new ArrayList<>()).add(rs.getInt("seq"));
            }
        }
        return seqs;
    }

    private static Map<String, String> nodeEnv(TestBackend backend, Path dataDir, int frontPort) {
        var env = new HashMap<>(TestServer.env(backend, dataDir));
        env.put("VERDICT_PUBLIC_URL", "https://127.0.0.1:" + frontPort); // upload URLs lead back through HAProxy
        env.put("VERDICT_ENGINE_POLL", "100ms");
        env.put("VERDICT_ENGINE_LEASE", "2s");
        env.put("VERDICT_CALLBACK_TIMEOUT", "1s");
        env.put("VERDICT_CALLBACK_LEASE", "3s");
        env.put("VERDICT_CALLBACK_RETRY_INITIAL", "1s");
        env.put("VERDICT_LOG_LEVEL", "WARN");
        return env;
    }

    /** The configuration docs/operations.md shows ("Running several nodes"), with this run's ports. */
    static String haproxyConfig(int frontPort, List<Map<String, String>> nodes) {
        var config = new StringBuilder("""
                global
                    maxconn 2000

                defaults
                    mode tcp
                    timeout connect 2s
                    timeout client 60s
                    timeout server 60s
                    timeout check 1s
                    retries 3
                    option redispatch

                frontend verdict_https
                    bind 127.0.0.1:%d
                    default_backend verdict_nodes

                backend verdict_nodes
                    balance roundrobin
                    option httpchk
                    http-check send meth GET uri /health ver HTTP/1.1 hdr Host verdict
                    http-check expect status 200
                    default-server inter 200ms fall 2 rise 2
                """.formatted(frontPort));
        for (int i = 0; i < nodes.size(); i++) {
            config.append("    server node%d 127.0.0.1:%s check port %s%n".formatted(i + 1,
                    nodes.get(i).get("VERDICT_HTTPS_PORT"), nodes.get(i).get("VERDICT_ADMIN_PORT")));
        }
        return config.toString();
    }

    /** Waits until HAProxy passes requests on: its first checks take every node into rotation. */
    private static void awaitAllUp(Path caPem, int frontPort) throws Exception {
        var client = java.net.http.HttpClient.newBuilder().sslContext(TestServer.trusting(caPem))
                .connectTimeout(Duration.ofSeconds(2)).build();
        var health = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("https://127.0.0.1:" + frontPort + "/health")).build();
        var answered = new int[1];
        Poll.atMost(Duration.ofSeconds(20)).every(Duration.ofMillis(100)).until(() -> {
            try {
                var ok = client.send(health, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                answered[0] = ok ? answered[0] + 1 : 0;
            } catch (java.io.IOException e) {
                answered[0] = 0;
            }
            return answered[0] >= NODES;
        }, "HAProxy passing requests to the nodes");
        Thread.sleep(400); // two more checks at 200 ms: every node is in rotation
    }

    private static void copyTls(Path from, Path to) throws Exception {
        var target = Files.createDirectories(to.resolve("tls"));
        for (var name : List.of("ca.pem", "server.pem", "server-key.pem")) {
            Files.copy(from.resolve("tls").resolve(name), target.resolve(name));
        }
    }

    private static String haproxyOrSkip() {
        for (var entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            var candidate = Path.of(entry, "haproxy");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (var candidate : List.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/local/sbin/haproxy"))) {
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        var message = "haproxy is not installed (apt-get install haproxy; .ci/run installs it)";
        if (Boolean.parseBoolean(System.getenv("VERDICT_TEST_REQUIRE_PG"))) {
            throw new IllegalStateException(message + " and VERDICT_TEST_REQUIRE_PG=true");
        }
        System.err.println("!!!!! SKIPPING THE HAPROXY TEST: " + message + " !!!!!");
        Assumptions.abort(message);
        return null;
    }
}
