package dev.verdict;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.admin.InternalApi;
import dev.verdict.config.ConfigLoader;
import dev.verdict.http.Routes;
import dev.verdict.http.ConnectionLimits;
import dev.verdict.http.WebServerHost;
import dev.verdict.jobs.JobException;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.partners.PartnerException;
import dev.verdict.partners.PartnerStatus;
import dev.verdict.testing.ChildProcesses;
import dev.verdict.testing.Images;
import dev.verdict.testing.Node;
import dev.verdict.testing.Ports;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The foundation on a real server and a real database: stores, keys at rest, the master-key
 * check, the internal API, JSON for every framework answer, TLS for Node, and the operator CLI
 * as a separate process while the server runs. Runs unchanged on SQLite and PostgreSQL.
 */
abstract class FoundationTests extends ServerTestBase {
    private String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void partnersRotateAndRevokeKeys() {
        var partners = server.app().services().partners();
        var first = server.createPartner("Rotating partner");
        assertThat(partners.find(first.partnerId())).hasValueSatisfying(p -> {
            assertThat(p.activeKeys()).isEqualTo(1);
            assertThat(p.status()).isEqualTo(PartnerStatus.ACTIVE);
        });
        var second = partners.rotateKey(first.partnerId());
        assertThat(second.apiKey()).isNotEqualTo(first.apiKey());
        assertThat(partners.find(first.partnerId()).orElseThrow().activeKeys()).isEqualTo(2);
        assertThatThrownBy(() -> partners.rotateKey(first.partnerId()))
                .isInstanceOf(PartnerException.class).hasMessageContaining("revoke-key");
        assertThat(partners.revokeOlderKeys(first.partnerId())).isEqualTo(1);
        assertThat(partners.find(first.partnerId()).orElseThrow().activeKeys()).isEqualTo(1);
        assertThat(partners.list()).extracting(p -> p.id()).contains(first.partnerId());
        assertThatThrownBy(() -> partners.rotateKey(999_999L)).hasMessageContaining("no partner 999999");
        assertThatThrownBy(() -> partners.setCallback(first.partnerId(), "ftp://x"))
                .hasMessageContaining("absolute http(s) URL");
    }

    @Test
    void apiKeysAreUnreadableInTheDatabase() throws Exception {
        var key = server.createPartner("Key at rest");
        var stored = server.app().database().inTransaction(c -> {
            var rows = new ArrayList<byte[]>();
            try (var select = c.prepareStatement("SELECT * FROM api_keys WHERE partner_id = ?")) {
                select.setLong(1, key.partnerId());
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            var binary = switch (rs.getMetaData().getColumnType(i)) {
                                case java.sql.Types.BINARY, java.sql.Types.VARBINARY, java.sql.Types.LONGVARBINARY,
                                        java.sql.Types.BLOB -> true;
                                default -> false;
                            };
                            var text = rs.getString(i);
                            var value = binary ? rs.getBytes(i) : text == null ? null : text.getBytes(StandardCharsets.UTF_8);
                            rows.add(value == null ? new byte[0] : value);
                        }
                    }
                }
            }
            return rows;
        });
        assertThat(stored).isNotEmpty();
        for (var column : stored) {
            assertThat(new String(column, StandardCharsets.ISO_8859_1)).doesNotContain(key.apiKey());
        }
    }

    @Test
    void aWrongMasterKeyFailsLoudlyAtStart() {
        var env = new HashMap<>(TestServer.env(backend, dataDir));
        env.put("VERDICT_MASTER_KEY", "AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        var config = ConfigLoader.load(env);
        assertThatThrownBy(() -> Application.start(config, clock, new PrintStream(new ByteArrayOutputStream())))
                .hasMessageContaining("master key does not match");
    }

    @Test
    void jobsTakeResultsInSeqOrderWithFinalityFromTheTable() {
        var jobs = server.app().services().jobs();
        var partner = server.createPartner("Jobs");
        var job = jobs.create(new JobService.NewJob(partner.partnerId(), "user-1", unique("job"), 1, null, null,
                null, null, partner.keyId(), JobState.RECEIVED));
        assertThatThrownBy(() -> jobs.create(new JobService.NewJob(partner.partnerId(), "user-2", job.jobId(), 4, null,
                null, null, null, null, JobState.RECEIVED)))
                .isInstanceOfSatisfying(JobException.class, e -> {
                    assertThat(e.kind()).isEqualTo(JobException.Kind.CONFLICT);
                    assertThat(e.field()).contains("job_id");
                });

        var step = jobs.recordResult(job.smileJobId(), json("{\"seq\": 1, \"ResultCode\": \"1012\"}"));
        assertThat(step.isFinal()).isFalse();
        assertThatThrownBy(() -> jobs.recordResult(job.smileJobId(), json("{\"seq\": 1, \"ResultCode\": \"0814\"}")))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.field()).contains("seq"));
        assertThatThrownBy(() -> jobs.recordResult(job.smileJobId(), json("{\"seq\": 3, \"ResultCode\": \"0814\"}")))
                .isInstanceOfSatisfying(JobException.class, e -> assertThat(e.kind()).isEqualTo(JobException.Kind.CONFLICT));
        jobs.recordResult(job.smileJobId(), json("{\"seq\": 2, \"ResultCode\": \"0814\", \"ConfidenceValue\": 97}"));
        assertThat(jobs.find(job.smileJobId()).orElseThrow()).satisfies(j -> {
            assertThat(j.state()).isEqualTo(JobState.IN_REVIEW);
            assertThat(j.complete()).isFalse();
        });
        jobs.recordResult(job.smileJobId(), json("{\"seq\": 3, \"ResultCode\": \"1210\", \"IsMachineResult\": false}"));
        var done = jobs.detail(job.smileJobId()).orElseThrow();
        assertThat(done.job().state()).isEqualTo(JobState.COMPLETE);
        assertThat(done.job().complete()).isTrue();
        assertThat(done.job().success()).isTrue();
        assertThat(done.events()).extracting(e -> e.seq()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> jobs.recordResult(job.smileJobId(), json("{\"seq\": 4, \"ResultCode\": \"0814\"}")))
                .hasMessageContaining("only a final result");
        var overturn = jobs.recordResult(job.smileJobId(), json("{\"seq\": 4, \"ResultCode\": \"1211\"}"));
        assertThat(overturn.supersedesSeq()).contains(3);
        assertThat(jobs.find(job.smileJobId()).orElseThrow().success()).isFalse();
        var rendered = json(overturn.resultJson());
        assertThat(rendered.get("IsFinalResult").asText()).isEqualTo("true");
        assertThat(rendered.get("PartnerParams").get("job_type").asInt()).isEqualTo(1);
        assertThat(rendered.get("seq").isTextual()).isTrue();
    }

    @Test
    void internalApiRefusesMissingOrWrongTokens() {
        var noToken = server.send(HttpRequest.newBuilder(URI.create(server.adminBase() + "/internal/v1/jobs"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(json(noToken.body()).get("code").asText()).isEqualTo("unauthorized");
        var wrong = server.send(HttpRequest.newBuilder(URI.create(server.adminBase() + "/internal/v1/jobs"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN + "x")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    @SuppressWarnings("try") // the host only has to be listening
    void internalApiWithoutAConfiguredTokenRefusesEverything() throws Exception {
        var routes = new Routes();
        InternalApi.register(routes, Optional.empty(), server.app().services().jobs(),
                server.app().services().claims(), server.app().services().images(), server.app().services().callbacks(),
                Duration.ofSeconds(60), server.app().review(), server.app().services().audit(),
                server.app().services().privacy(), name -> true);
        var port = Ports.free();
        try (var host = new WebServerHost(List.of(new WebServerHost.Listener("admin", "127.0.0.1", port,
                Optional.empty(), routes, WebServerHost.FrameworkCodes.INTERNAL)),
                new ConnectionLimits(Duration.ofSeconds(75), Duration.ofSeconds(10), Duration.ofSeconds(30), 10)).start()) {
            for (var token : List.of("", "anything", TestServer.ADMIN_TOKEN)) {
                var response = server.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/internal/v1/jobs/0000000001")).header("Authorization", "Bearer " + token).GET().build());
                assertThat(response.statusCode()).isEqualTo(401);
            }
        }
    }

    @Test
    void internalApiNamesTheBadFieldAndStoresNothing() {
        var partner = server.createPartner("Internal API");
        var cases = Map.of(
                "{\"user_id\": \"u\", \"job_id\": \"j\", \"job_type\": 1}", "partner_id",
                "{\"partner_id\": \"99999999\", \"user_id\": \"u\", \"job_id\": \"j\", \"job_type\": 1}", "partner_id",
                "{\"partner_id\": \"%d\", \"user_id\": \"u\", \"job_id\": \"j\", \"job_type\": 3}", "job_type",
                "{\"partner_id\": \"%d\", \"job_id\": \"j\", \"job_type\": 1}", "user_id",
                "{\"partner_id\": \"%d\", \"user_id\": \"u\", \"job_id\": \"j\", \"job_type\": 1, \"callback_url\": \"nope\"}",
                "callback_url");
        for (var entry : cases.entrySet()) {
            var response = server.adminPost("/internal/v1/jobs", entry.getKey().formatted(partner.partnerId()));
            assertThat(response.statusCode()).as(entry.getKey()).isIn(400, 404);
            assertThat(json(response.body()).get("field").asText()).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        var notJson = server.adminPost("/internal/v1/jobs", "{nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson.body()).get("code").asText()).isEqualTo("invalid_json");

        var smileJobId = server.createJob(partner.partnerId(), "u", unique("j"), 4, "RECEIVED");
        var unknownCode = server.adminPost("/internal/v1/jobs/" + smileJobId + "/results",
                "{\"seq\": 1, \"ResultCode\": \"1012\"}");
        assertThat(unknownCode.statusCode()).isEqualTo(400);
        assertThat(json(unknownCode.body()).get("field").asText()).isEqualTo("ResultCode");
        var contradiction = server.adminPost("/internal/v1/jobs/" + smileJobId + "/results",
                "{\"seq\": 1, \"ResultCode\": \"0840\", \"IsFinalResult\": \"false\"}");
        assertThat(json(contradiction.body()).get("field").asText()).isEqualTo("IsFinalResult");
        var reserved = server.adminPost("/internal/v1/jobs/" + smileJobId + "/results",
                "{\"seq\": 1, \"ResultCode\": \"0840\", \"SmileJobID\": \"0000000009\"}");
        assertThat(json(reserved.body()).get("field").asText()).isEqualTo("SmileJobID");
        var unknownJob = server.adminPost("/internal/v1/jobs/9999999999/results", "{\"seq\": 1, \"ResultCode\": \"0840\"}");
        assertThat(unknownJob.statusCode()).isEqualTo(404);
        var notImage = server.admin("PUT", "/internal/v1/jobs/" + smileJobId + "/images/selfie",
                HttpRequest.BodyPublishers.ofString("GIF89a not an image we take"));
        assertThat(notImage.statusCode()).isEqualTo(400);
        var badKind = server.admin("PUT", "/internal/v1/jobs/" + smileJobId + "/images/passport",
                HttpRequest.BodyPublishers.ofByteArray(Images.png(4, 4)));
        assertThat(json(badKind.body()).get("field").asText()).isEqualTo("kind");

        var detail = json(server.admin("GET", "/internal/v1/jobs/" + smileJobId, HttpRequest.BodyPublishers.noBody()).body());
        assertThat(detail.get("results")).isEmpty();
        assertThat(detail.get("images")).isEmpty();
        assertThat(detail.get("state").asText()).isEqualTo("RECEIVED");

        server.putImage(smileJobId, "selfie", Images.jpeg(8, 8));
        server.recordResult(smileJobId, 1, "0840", "\"ConfidenceValue\": \"99\"");
        var retried = server.adminPost("/internal/v1/jobs/" + smileJobId + "/results", "{\"seq\": 1, \"ResultCode\": \"0840\"}");
        assertThat(retried.statusCode()).isEqualTo(409);
        var after = json(server.admin("GET", "/internal/v1/jobs/" + smileJobId, HttpRequest.BodyPublishers.noBody()).body());
        assertThat(after.get("results")).hasSize(1);
        assertThat(after.get("images").get(0).get("content_type").asText()).isEqualTo("image/jpeg");
        assertThat(after.get("state").asText()).isEqualTo("COMPLETE");
        var missing = server.admin("GET", "/internal/v1/jobs/abc", HttpRequest.BodyPublishers.noBody());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void everyFrameworkAnswerIsJson() throws Exception {
        var notFound = server.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/v1/nothing")).GET().build());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(json(notFound.body()).get("code").asText()).isEqualTo("not_found");
        var wrongMethod = server.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/v1/job_status")).GET().build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("content-type")).contains("application/json");
        var tooLarge = server.post("/v1/job_status", "{\"pad\": \"" + "x".repeat(70_000) + "\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge.body()).get("code").asText()).isEqualTo("2303");
        var health = server.send(HttpRequest.newBuilder(URI.create(server.httpsBase() + "/health")).GET().build());
        assertThat(json(health.body()).get("status").asText()).isEqualTo("ok");
        var adminHealth = server.send(HttpRequest.newBuilder(URI.create(server.adminBase() + "/health")).GET().build());
        assertThat(adminHealth.statusCode()).isEqualTo(200);

        // a request the framework rejects before routing (malformed request line)
        try (var socket = new Socket("127.0.0.1", Integer.parseInt(server.env().get("VERDICT_HTTP_PORT")))) {
            socket.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/json").contains("\"code\"");
        }
    }

    @Test
    @StartsProcesses
    void nodeTrustsTheGeneratedCaForIpAndName() throws Exception {
        var port = server.env().get("VERDICT_HTTPS_PORT");
        var trusted = Map.of("NODE_EXTRA_CA_CERTS", server.caPath().toString());
        for (var host : List.of("127.0.0.1", "localhost")) {
            var result = Node.run("https-get.js", List.of("https://" + host + ":" + port + "/health"), trusted);
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).startsWith("200 ").contains("\"status\":\"ok\"");
        }
        var untrusted = Node.run("https-get.js", List.of("https://127.0.0.1:" + port + "/health"), Map.of());
        assertThat(untrusted.exitCode()).isEqualTo(1);
    }

    @Test
    @StartsProcesses
    void operatorCliWorksWhileTheServerRuns() throws Exception {
        var created = cli("partner", "create", "--name", "From the CLI");
        assertThat(created.exit).as(created.err).isZero();
        var key = json(created.out);
        var partnerId = key.get("partner_id").asText();
        assertThat(partnerId).matches("[1-9]\\d*");
        var firstKey = key.get("api_key").asText();
        // the running server accepts the key the other process just issued: a signed 2310, not 2305
        assertThat(statusCode(partnerId, firstKey, "nobody", "none")).isEqualTo("2310");

        var rotated = cli("partner", "rotate-key", "--partner", partnerId);
        var secondKey = json(rotated.out).get("api_key").asText();
        clock.advance(Duration.ofSeconds(3)); // a new key reaches every node's cache within the TTL
        assertThat(statusCode(partnerId, secondKey, "nobody", "none")).isEqualTo("2310");
        assertThat(statusCode(partnerId, firstKey, "nobody", "none")).isEqualTo("2310");

        assertThat(json(cli("partner", "revoke-key", "--partner", partnerId).out).get("revoked").asText()).isEqualTo("1");
        clock.advance(Duration.ofSeconds(3));
        assertThat(statusCode(partnerId, firstKey, "nobody", "none")).isEqualTo("2305");
        assertThat(statusCode(partnerId, secondKey, "nobody", "none")).isEqualTo("2310");

        assertThat(cli("partner", "set-callback", "--partner", partnerId, "--url", "http://127.0.0.1:9/cb").exit).isZero();
        assertThat(server.app().services().partners().find(Long.parseLong(partnerId)).orElseThrow().defaultCallbackUrl())
                .contains("http://127.0.0.1:9/cb");

        server.createJob(Long.parseLong(partnerId), "cli-user", unique("cli-job"), 4, "RECEIVED");
        assertThat(cli("user", "disable", "--partner", partnerId, "--user", "cli-user").exit).isZero();
        assertThat(statusCode(partnerId, secondKey, "cli-user", "any")).isEqualTo("2307");
        assertThat(cli("user", "enable", "--partner", partnerId, "--user", "cli-user").exit).isZero();
        assertThat(statusCode(partnerId, secondKey, "cli-user", "any")).isEqualTo("2304");
        var unknownUser = cli("user", "disable", "--partner", partnerId, "--user", "never-seen");
        assertThat(unknownUser.exit).isEqualTo(1);
        assertThat(unknownUser.err).contains("no user");

        assertThat(cli("partner", "disable", "--partner", partnerId).exit).isZero();
        clock.advance(Duration.ofSeconds(3));
        assertThat(statusCode(partnerId, secondKey, "cli-user", "any")).isEqualTo("2305");
        assertThat(cli("partner", "enable", "--partner", partnerId).exit).isZero();
        clock.advance(Duration.ofSeconds(3));
        assertThat(statusCode(partnerId, secondKey, "cli-user", "any")).isEqualTo("2304");

        var secrets = json(cli("partner", "webhook-secret", "--partner", partnerId).out).get("webhook_secrets");
        assertThat(secrets).hasSize(1);
        assertThat(secrets.get(0).asText()).startsWith("whsec_");
        var rotatedSecret = json(cli("partner", "rotate-webhook-secret", "--partner", partnerId).out).get("webhook_secret").asText();
        assertThat(json(cli("partner", "webhook-secret", "--partner", partnerId).out).get("webhook_secrets"))
                .extracting(n -> n.asText()).containsExactly(rotatedSecret, secrets.get(0).asText());
        assertThat(json(cli("partner", "revoke-webhook-secret", "--partner", partnerId).out).get("revoked").asText()).isEqualTo("1");

        var cliJob = server.createJob(Long.parseLong(partnerId), "cli-user", unique("cli-cb"), 4, "RECEIVED");
        server.app().services().partners().setCallback(Long.parseLong(partnerId), "http://127.0.0.1:9/cli");
        server.recordResult(cliJob, 1, "0840", "");
        var log = cli("callbacks", "log", "--job", cliJob);
        assertThat(log.exit).as(log.err).isZero();
        assertThat(json(log.out.lines().findFirst().orElseThrow()).get("target_url").asText()).isEqualTo("http://127.0.0.1:9/cli");
        assertThat(json(cli("callbacks", "replay", "--job", cliJob).out).get("replayed").asText()).isEqualTo("1");
        assertThat(cli("callbacks", "redrive", "--all-dead").exit).isZero();
        assertThat(cli("callbacks", "redrive", "--delivery", "999999999").exit).isEqualTo(1);

        var list = cli("partner", "list");
        assertThat(list.out.lines().map(l -> json(l).get("partner_id").asText())).contains(partnerId);
        assertThat(cli("partner", "rotate-key").exit).isEqualTo(2);
        assertThat(cli("partner", "frobnicate").exit).isEqualTo(2);
    }

    private String statusCode(String partnerId, String apiKey, String userId, String jobId) {
        var body = SignedRequests.jobStatus(partnerId, apiKey, userId, jobId, "2026-03-01T12:00:00.000Z", false, false);
        return json(server.post("/v1/job_status", body).body()).get("code").asText();
    }

    private record CliRun(int exit, String out, String err) {}

    /** Runs the operator CLI in its own JVM, as an operator would while the server runs. */
    private CliRun cli(String... args) throws Exception {
        var command = new ArrayList<String>(List.of(ChildProcesses.java(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(server.env());
        var process = ChildProcesses.start(builder);
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new CliRun(process.exitValue(), out.strip(), err);
    }
}
