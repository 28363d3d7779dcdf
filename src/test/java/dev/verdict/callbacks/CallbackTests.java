package dev.verdict.callbacks;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Node;
import dev.verdict.testing.Receiver;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Callbacks from a real server to a real HTTP receiver, on SQLite and PostgreSQL: signatures (v1 and
 * Standard Webhooks), retries moved by the clock, timeouts, 410, DEAD and re-drive, order and the
 * provisional drop, replay, the delivery log, and the SSRF rules.
 */
abstract class CallbackTests extends ServerTestBase {
    Receiver receiver = new Receiver();
    IssuedKey partner;

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_SANDBOX_JOB_TYPES", "none"); // results come from the test, through the internal API
        env.put("VERDICT_ENGINE_POLL", "10m"); // workers wake on commits and on wake() only
        env.put("VERDICT_CALLBACK_TIMEOUT", "1s");
        env.put("VERDICT_CALLBACK_LEASE", "5s");
    }

    @Override
    protected void started() throws Exception {
        partner = server.createPartner("Callback partner");
    }

    @AfterAll
    void closeReceiver() {
        receiver.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private String newPath() {
        return "/cb/" + UUID.randomUUID();
    }

    /** A job whose callbacks go to this receiver path. */
    private String job(String path, int jobType) {
        var response = server.adminPost("/internal/v1/jobs", """
                {"partner_id": "%d", "user_id": "user-%s", "job_id": "job-%s", "job_type": %d, "callback_url": "%s",
                 "partner_params": {"optional_info": "echoed"}}"""
                .formatted(partner.partnerId(), UUID.randomUUID(), UUID.randomUUID(), jobType, receiver.url(path)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body()).get("smile_job_id").asText();
    }

    private JsonNode deliveries(String smileJobId) {
        return json(server.admin("GET", "/internal/v1/jobs/" + smileJobId, HttpRequest.BodyPublishers.noBody()).body())
                .get("deliveries");
    }

    /** Moves the clock past the next retry and wakes the delivery workers. */
    private void nextRetry(Duration by) {
        clock.advance(by);
        server.app().services().callbacks().wake();
    }

    private boolean state(String smileJobId, int index, String state) {
        var deliveries = deliveries(smileJobId);
        return deliveries.size() > index && deliveries.get(index).get("state").asText().equals(state);
    }

    /** Standard Webhooks verification, written from the specification (not from Verdict's code). */
    static boolean standardWebhookVerifies(List<String> secrets, Receiver.Received request) throws Exception {
        var id = request.header("webhook-id");
        var timestamp = request.header("webhook-timestamp");
        var header = request.header("webhook-signature");
        if (id == null || timestamp == null || header == null) {
            return false;
        }
        for (var secret : secrets) {
            var key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            var expected = "v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
            for (var candidate : header.split(" ")) {
                if (MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- tests ---------------------------------------------------------------------------------------

    @Test
    @StartsProcesses
    void everyResultIsDeliveredSignedAndInOrder() throws Exception {
        var path = newPath();
        var smileJobId = job(path, 1);
        server.recordResult(smileJobId, 1, "1012", "\"IDType\": \"BVN\"");
        server.recordResult(smileJobId, 2, "0814", "\"ConfidenceValue\": \"97\"");
        server.recordResult(smileJobId, 3, "1210", "\"IsMachineResult\": \"false\"");
        var requests = receiver.await(path, 3);
        assertThat(requests).extracting(r -> json(r.body()).get("seq").asText()).containsExactly("1", "2", "3");
        assertThat(requests).extracting(r -> json(r.body()).get("ResultCode").asText())
                .containsExactly("1012", "0814", "1210");
        assertThat(requests).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates()
                .allMatch(id -> id.startsWith("msg_"));
        var secrets = server.app().services().webhookSecrets().active(partner.partnerId());
        for (var request : requests) {
            var body = json(request.body());
            assertThat(request.header("content-type")).startsWith("application/json");
            assertThat(body.get("SmileJobID").asText()).isEqualTo(smileJobId);
            assertThat(body.get("PartnerParams").get("optional_info").asText()).isEqualTo("echoed");
            assertThat(new SidSignature(partner.apiKey()).verifies(body.get("signature").asText(),
                    body.get("timestamp").asText(), Long.toString(partner.partnerId()))).isTrue();
            assertThat(standardWebhookVerifies(secrets, request)).isTrue();
            assertThat(Long.parseLong(request.header("webhook-timestamp"))).isEqualTo(clock.instant().getEpochSecond());
        }
        eventually(() -> state(smileJobId, 2, "DELIVERED"), "the delivery log");
        var log = deliveries(smileJobId);
        assertThat(log).extracting(d -> d.get("state").asText()).containsExactly("DELIVERED", "DELIVERED", "DELIVERED");
        assertThat(log.get(0).get("log").get(0).get("status_code").asInt()).isEqualTo(200);

        // the official SDK's confirm_signature accepts every one of them
        var input = TestServer.JSON.createObjectNode().put("partner_id", Long.toString(partner.partnerId()))
                .put("api_key", partner.apiKey());
        var callbacks = input.putArray("callbacks");
        for (var request : requests) {
            var body = json(request.body());
            callbacks.addObject().put("timestamp", body.get("timestamp").asText()).put("signature", body.get("signature").asText());
        }
        var node = Node.run("confirm-signatures.js", List.of(), Map.of(), input.toString());
        assertThat(node.exitCode()).as(node.stderr()).isZero();
        assertThat(node.stdout()).isEqualTo("[true,true,true]");
    }

    @Test
    void failuresAreRetriedWithBackoffUnderTheSameWebhookId() throws Exception {
        var path = newPath();
        receiver.script(path, Receiver.Answer.status(500), Receiver.Answer.status(503));
        var smileJobId = job(path, 4);
        server.recordResult(smileJobId, 1, "0840", "");
        receiver.await(path, 1);
        eventually(() -> deliveries(smileJobId).get(0).get("attempts").asInt() == 1, "first attempt recorded");
        var pending = deliveries(smileJobId).get(0);
        assertThat(pending.get("state").asText()).isEqualTo("PENDING");
        assertThat(pending.get("last_status_code").asInt()).isEqualTo(500);
        var next = Instant.parse(pending.get("next_attempt_at").asText());
        assertThat(Duration.between(clock.instant(), next)).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(30));

        // deliver whatever is due now, in this thread (the server's database is shared with other tests' jobs)
        server.callbackWorker().runOnce();
        assertThat(receiver.received(path)).hasSize(1); // nothing before its time
        nextRetry(Duration.ofSeconds(31));
        receiver.await(path, 2);
        eventually(() -> deliveries(smileJobId).get(0).get("attempts").asInt() == 2, "second attempt recorded");
        var second = Instant.parse(deliveries(smileJobId).get(0).get("next_attempt_at").asText());
        assertThat(Duration.between(clock.instant(), second)).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(60));
        nextRetry(Duration.ofSeconds(61));
        var requests = receiver.await(path, 3);
        eventually(() -> state(smileJobId, 0, "DELIVERED"), "delivered");
        assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(requests.get(0).header("webhook-id"));
        assertThat(deliveries(smileJobId).get(0).get("log")).extracting(a -> a.get("status_code").asInt())
                .containsExactly(500, 503, 200);
    }

    @Test
    void aReceiverThatTimesOutIsRetried() throws Exception {
        var path = newPath();
        receiver.script(path, new Receiver.Answer(200, Duration.ofSeconds(3)));
        var smileJobId = job(path, 4);
        server.recordResult(smileJobId, 1, "0840", "");
        eventually(() -> deliveries(smileJobId).get(0).get("attempts").asInt() == 1, "the timed-out attempt");
        var delivery = deliveries(smileJobId).get(0);
        assertThat(delivery.get("state").asText()).isEqualTo("PENDING");
        assertThat(delivery.get("last_error").asText()).containsIgnoringCase("time");
        nextRetry(Duration.ofSeconds(31));
        eventually(() -> state(smileJobId, 0, "DELIVERED"), "delivered after the timeout");
    }

    @Test
    void gone410StopsAtOnceAndAnOperatorCanRedrive() throws Exception {
        var path = newPath();
        receiver.script(path, Receiver.Answer.status(410));
        var smileJobId = job(path, 4);
        server.recordResult(smileJobId, 1, "0840", "");
        eventually(() -> state(smileJobId, 0, "DEAD"), "DEAD after 410");
        assertThat(deliveries(smileJobId).get(0).get("attempts").asInt()).isEqualTo(1);
        var id = deliveries(smileJobId).get(0).get("id").asLong();
        assertThat(server.adminPost("/internal/v1/deliveries/" + id + "/redrive", "").statusCode()).isEqualTo(200);
        eventually(() -> state(smileJobId, 0, "DELIVERED"), "delivered after the re-drive");
        assertThat(receiver.received(path)).extracting(r -> r.header("webhook-id")).containsOnly(
                deliveries(smileJobId).get(0).get("webhook_id").asText());
        assertThat(server.adminPost("/internal/v1/deliveries/" + id + "/redrive", "").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeliveryFailingForTheWholeWindowIsDeadUntilRedriven() throws Exception {
        var path = newPath();
        receiver.policy(r -> r.path().equals(path) ? Receiver.Answer.status(500) : null);
        try {
            var smileJobId = job(path, 4);
            var start = clock.instant();
            server.recordResult(smileJobId, 1, "0840", "");
            int attempts = 0;
            while (true) {
                var expected = ++attempts;
                eventually(() -> deliveries(smileJobId).get(0).get("attempts").asInt() >= expected, "attempt " + expected);
                var delivery = deliveries(smileJobId).get(0);
                if (delivery.get("state").asText().equals("DEAD")) {
                    break;
                }
                // move exactly to the scheduled retry: the schedule, not the test, sets the pace
                clock.set(Instant.parse(delivery.get("next_attempt_at").asText()).plusMillis(1));
                server.app().services().callbacks().wake();
                assertThat(attempts).isLessThan(30);
            }
            var dead = deliveries(smileJobId).get(0);
            assertThat(dead.get("attempts").asInt()).isBetween(10, 16); // backoff doubling from 30 s, capped at 4 h
            assertThat(Duration.between(start, clock.instant())).isBetween(Duration.ofHours(18), Duration.ofHours(24));
            assertThat(dead.get("next_attempt_at").isNull()).isTrue();
        } finally {
            receiver.policy(r -> null);
        }
        var before = receiver.received(path).size();
        var redriven = json(server.adminPost("/internal/v1/deliveries/redrive-dead", "").body()).get("redriven").asInt();
        assertThat(redriven).isGreaterThanOrEqualTo(1);
        eventually(() -> receiver.received(path).size() > before, "the re-driven delivery");
    }

    @Test
    void aFinalResultOvertakesAFailingProvisionalOneWhichIsThenDropped() throws Exception {
        var path = newPath();
        receiver.script(path, Receiver.Answer.status(500));
        var smileJobId = job(path, 1);
        server.recordResult(smileJobId, 1, "0814", "");
        eventually(() -> deliveries(smileJobId).get(0).get("attempts").asInt() == 1, "the provisional's failure");
        server.recordResult(smileJobId, 2, "1210", "");
        eventually(() -> state(smileJobId, 1, "DELIVERED"), "the final result");
        assertThat(deliveries(smileJobId).get(0).get("state").asText()).isEqualTo("DROPPED");
        nextRetry(Duration.ofHours(1));
        server.callbackWorker().runOnce(); // delivers whatever is due now: a DROPPED delivery never is
        var requests = receiver.received(path);
        assertThat(requests).extracting(r -> json(r.body()).get("ResultCode").asText()).containsExactly("0814", "1210");
    }

    @Test
    void aJobsCallbacksCanBeReplayedInOrderWithTheirIds() throws Exception {
        var path = newPath();
        var smileJobId = job(path, 1);
        server.recordResult(smileJobId, 1, "1012", "");
        server.recordResult(smileJobId, 2, "0810", "");
        var first = receiver.await(path, 2);
        eventually(() -> state(smileJobId, 1, "DELIVERED"), "delivered");
        var replay = server.adminPost("/internal/v1/jobs/" + smileJobId + "/callbacks/replay", "");
        assertThat(json(replay.body()).get("replayed").asInt()).isEqualTo(2);
        var all = receiver.await(path, 4);
        assertThat(all.subList(2, 4)).extracting(r -> r.header("webhook-id"))
                .containsExactly(first.get(0).header("webhook-id"), first.get(1).header("webhook-id"));
        assertThat(all).extracting(r -> json(r.body()).get("seq").asText()).containsExactly("1", "2", "1", "2");
    }

    @Test
    void theWebhookSecretRotatesWithOverlap() throws Exception {
        var secrets = server.app().services().webhookSecrets();
        var old = secrets.active(partner.partnerId());
        var rotated = secrets.rotate(partner.partnerId());
        var path = newPath();
        var smileJobId = job(path, 4);
        server.recordResult(smileJobId, 1, "0840", "");
        var request = receiver.await(path, 1).get(0);
        assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(standardWebhookVerifies(old, request)).isTrue();
        assertThat(standardWebhookVerifies(List.of(rotated), request)).isTrue();
        assertThat(secrets.revokeOlder(partner.partnerId())).isEqualTo(1);
        assertThat(secrets.active(partner.partnerId())).containsExactly(rotated);
    }

    @Test
    void privateAndLoopbackTargetsAreRefusedUnlessAllowed() throws Exception {
        var env = new HashMap<>(TestServer.env(backend, dataDir));
        env.put("VERDICT_SANDBOX_JOB_TYPES", "none");
        env.put("VERDICT_CALLBACK_ALLOW_CIDRS", "none");
        try (var strict = TestServer.start(env, clock)) {
            var key = strict.createPartner("Strict partner");
            var port = receiver.url("/").replaceAll(".*:(\\d+)/$", "$1");
            var targets = List.of("http://127.0.0.1:" + port + "/ssrf", "http://10.1.2.3/ssrf",
                    "http://169.254.169.254/latest/meta-data", "http://[::ffff:127.0.0.1]:" + port + "/ssrf",
                    "http://localhost:" + port + "/ssrf", "http://[::1]:" + port + "/ssrf", "http://100.64.0.1/ssrf");
            var jobs = new ArrayList<String>();
            for (var target : targets) {
                var response = strict.adminPost("/internal/v1/jobs", """
                        {"partner_id": "%d", "user_id": "u-%s", "job_id": "j-%s", "job_type": 4, "callback_url": "%s"}"""
                        .formatted(key.partnerId(), UUID.randomUUID(), UUID.randomUUID(), target));
                assertThat(response.statusCode()).as(target + ": " + response.body()).isEqualTo(201);
                var smileJobId = json(response.body()).get("smile_job_id").asText();
                strict.recordResult(smileJobId, 1, "0840", "");
                jobs.add(smileJobId);
            }
            for (int i = 0; i < jobs.size(); i++) {
                var smileJobId = jobs.get(i);
                eventually(() -> json(strict.admin("GET", "/internal/v1/jobs/" + smileJobId,
                        HttpRequest.BodyPublishers.noBody()).body()).get("deliveries").get(0).get("state").asText()
                        .equals("DEAD"), targets.get(i));
                var delivery = json(strict.admin("GET", "/internal/v1/jobs/" + smileJobId,
                        HttpRequest.BodyPublishers.noBody()).body()).get("deliveries").get(0);
                assertThat(delivery.get("last_error").asText()).as(targets.get(i)).contains("private, loopback or reserved");
            }
            assertThat(receiver.received("/ssrf")).isEmpty();
        }
    }
}
