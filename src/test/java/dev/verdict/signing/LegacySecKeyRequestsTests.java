package dev.verdict.signing;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.partners.IssuedKey;
import dev.verdict.testing.Images;
import dev.verdict.testing.LegacyClient;
import dev.verdict.testing.Node;
import dev.verdict.testing.Receiver;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.StartsProcesses;
import java.nio.file.Files;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Legacy {@code sec_key} requests (PROTOCOL.md §2.5) on every endpoint that takes a signature, in the
 * shape each pre-2023 SDK line sent them, on SQLite and PostgreSQL: what verifies, what answers 2305
 * (or the endpoint family's "not authorized"), and that answers and callbacks carry the RSA signature
 * the SDKs check with their public key.
 */
abstract class LegacySecKeyRequestsTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";

    final Receiver receiver = new Receiver();
    IssuedKey partner;
    LegacyClient legacy;
    String legacyApiKey;
    IssuedKey withoutLegacyKey;
    String smileJobId;
    final String user = "legacy-user";
    final String jobId = "legacy-job";

    @Override
    protected void started() {
        partner = server.createPartner("Legacy partner");
        legacyApiKey = server.app().services().partners().issueLegacyKey(partner.partnerId(), false).sdkApiKey();
        legacy = new LegacyClient(legacyApiKey);
        withoutLegacyKey = server.createPartner("Partner without a legacy key");
        smileJobId = server.createJob(partner.partnerId(), user, jobId, 1, "RECEIVED");
    }

    @AfterAll
    void closeReceiver() {
        receiver.close();
    }

    private String pid() {
        return Long.toString(partner.partnerId());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A job_status body with {@code timestamp} as given (JSON number or quoted string) and this sec_key. */
    private static String statusBody(String partnerId, String timestampJson, String secKey) {
        return """
                {"partner_id": "%s", "user_id": "legacy-user", "job_id": "legacy-job", "timestamp": %s,
                 "sec_key": %s, "history": false, "image_links": false}"""
                .formatted(partnerId, timestampJson, quoted(secKey));
    }

    private static String quoted(String text) {
        return dev.verdict.http.JsonSupport.MAPPER.valueToTree(text).toString();
    }

    private void assertLegacySigned(JsonNode body) {
        assertThat(body.get("timestamp").asText()).isEqualTo(SidSignature.responseTimestamp(clock.instant()));
        assertThat(legacy.verifies(body.get("signature").asText(), body.get("timestamp").asText(), pid()))
                .as(body.toString()).isTrue();
    }

    private static void assertError(HttpResponse<String> response, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        var body = json(response.body());
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.has("signature")).isFalse();
    }

    // ---- job_status -------------------------------------------------------------------------------------

    @Test
    void jobStatusAcceptsTheSecKeyOfEverySdkLine() {
        var seconds = Long.toString(clock.instant().getEpochSecond());
        var millis = Long.toString(clock.instant().toEpochMilli());
        var bodies = new java.util.LinkedHashMap<String, String>();
        // Node 1.x and Java 1.x: Date.now() / System.currentTimeMillis(), a JSON number
        bodies.put("node", statusBody(pid(), millis, legacy.secKey(pid(), millis)));
        // Python int(time.time()) and PHP getTimestamp(): epoch seconds, a JSON number
        bodies.put("python", statusBody(pid(), seconds, legacy.secKey(pid(), seconds)));
        // Ruby Time.now.to_i with Base64.encode64's line breaks
        bodies.put("ruby", statusBody(pid(), seconds, legacy.rubySecKey(pid(), seconds)));
        // a numeric string
        bodies.put("string", statusBody(pid(), "\"" + millis + "\"", legacy.secKey(pid(), millis)));
        // leading zeros: the SDKs hash int(partner_id)
        bodies.put("zeros", statusBody("00" + pid(), seconds, legacy.secKey("00" + pid(), seconds)));
        for (var entry : bodies.entrySet()) {
            var response = server.post("/v1/job_status", entry.getValue());
            assertThat(response.statusCode()).as(entry.getKey() + ": " + response.body()).isEqualTo(200);
            var body = json(response.body());
            assertThat(body.get("code").asText()).isEqualTo("2302");
            assertThat(body.get("job_complete").booleanValue()).isFalse();
            assertLegacySigned(body);
        }
        // an authenticated refusal is signed the same way
        var unknownJob = statusBody(pid(), seconds, legacy.secKey(pid(), seconds)).replace("legacy-job", "no-such-job");
        var refused = server.post("/v1/job_status", unknownJob);
        assertThat(json(refused.body()).get("code").asText()).isEqualTo("2304");
        assertLegacySigned(json(refused.body()));
    }

    @Test
    void aWrongSecKeyIs2305() {
        var seconds = Long.toString(clock.instant().getEpochSecond());
        var good = legacy.secKey(pid(), seconds);
        var stranger = new LegacyClient(LegacySecKey.sdkApiKey(LegacySecKey.generate().getPublic()));
        for (var body : java.util.List.of(
                statusBody(pid(), "1772366401", good), // another timestamp
                statusBody(pid(), seconds, stranger.secKey(pid(), seconds)), // another key pair
                statusBody(pid(), seconds, good.substring(0, good.indexOf('|'))), // no "|H"
                statusBody(pid(), seconds, "garbage|" + LegacyClient.hash(pid(), seconds)),
                statusBody(pid(), "\"" + TS + "\"", legacy.secKey(pid(), TS)), // sec_key needs a numeric timestamp
                statusBody(Long.toString(withoutLegacyKey.partnerId()), seconds,
                        legacy.secKey(Long.toString(withoutLegacyKey.partnerId()), seconds)))) {
            assertError(server.post("/v1/job_status", body), "2305");
        }
    }

    @Test
    void aSignatureStillGetsAnHmacAnswer() {
        var response = server.post("/v1/job_status", SignedRequests.jobStatus(partner, user, jobId, TS, false, false));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = json(response.body());
        assertThat(new SidSignature(partner.apiKey()).verifies(body.get("signature").asText(),
                body.get("timestamp").asText(), pid())).isTrue();
    }

    @Test
    void productionModeAppliesTheTimestampWindowToSecKeys() throws Exception {
        var env = new java.util.HashMap<>(dev.verdict.testing.TestServer.env(backend, dataDir));
        env.put("VERDICT_MODE", "production");
        env.put("VERDICT_HTTPS_PORT", "0");
        env.put("VERDICT_PUBLIC_URL", "https://verdict.example");
        try (var production = dev.verdict.testing.TestServer.start(env, clock)) {
            var owner = Long.toString(production.createPartner("Production legacy partner").partnerId());
            var client = new LegacyClient(production.app().services().partners()
                    .issueLegacyKey(Long.parseLong(owner), false).sdkApiKey());
            var send = (java.util.function.Function<String, HttpResponse<String>>) ts -> production.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(production.httpBase() + "/v1/job_status"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    statusBody(owner, ts, client.secKey(owner, ts)))).build());
            var hourAgoMillis = Long.toString(clock.instant().minusSeconds(3600).toEpochMilli());
            var hourAgoSeconds = Long.toString(clock.instant().minusSeconds(3600).getEpochSecond());
            // authenticated: the partner simply has no such user
            assertThat(json(send.apply(hourAgoMillis).body()).get("code").asText()).isEqualTo("2310");
            assertThat(json(send.apply(hourAgoSeconds).body()).get("code").asText()).isEqualTo("2310");
            assertError(send.apply(Long.toString(clock.instant().minusSeconds(2 * 86_400).getEpochSecond())), "2305");
            assertError(send.apply(Long.toString(clock.instant().plusSeconds(2 * 86_400).toEpochMilli())), "2305");
        }
    }

    // ---- upload and the ID API ----------------------------------------------------------------------------

    private String prepBody(String partnerId, String timestampJson, String secKey, String userId, String job) {
        return """
                {"file_name": "selfie.zip", "smile_client_id": "%s", "partner_params": {"user_id": "%s", "job_id": "%s",
                 "job_type": 4}, "model_parameters": {}, "callback_url": "%s", "timestamp": %s, "sec_key": %s}"""
                .formatted(partnerId, userId, job, receiver.url("/prep"), timestampJson, quoted(secKey));
    }

    private String idBody(String partnerId, String timestampJson, String secKey, String userId, String job, String path) {
        return """
                {"partner_id": "%s", "timestamp": %s, "sec_key": %s, "country": "NG", "id_type": "BVN",
                 "id_number": "12345678901", "first_name": "Ada", "callback_url": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 5}}"""
                .formatted(partnerId, timestampJson, quoted(secKey), receiver.url(path), userId, job);
    }

    private int statusCodeOf(String userId, String job) {
        var response = server.post("/v1/job_status", SignedRequests.jobStatus(partner, userId, job, TS, false, false));
        return Integer.parseInt(json(response.body()).get("code").asText());
    }

    @Test
    void prepUploadTakesASecKey() {
        var millis = Long.toString(clock.instant().toEpochMilli());
        var userId = unique("u");
        var job = unique("prep");
        var response = server.post("/v1/upload", prepBody(pid(), millis, legacy.secKey(pid(), millis), userId, job));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).get("upload_url").asText()).startsWith("https://");
        assertThat(statusCodeOf(userId, job)).isEqualTo(2314);

        var refusedJob = unique("refused");
        assertError(server.post("/v1/upload", prepBody(pid(), millis, legacy.secKey(pid(), "1"), userId, refusedJob)),
                "2205");
        var other = Long.toString(withoutLegacyKey.partnerId());
        assertError(server.post("/v1/upload", prepBody(other, millis, legacy.secKey(other, millis), userId, refusedJob)),
                "2205");
        // nothing was created by the refusals
        assertThat(statusCodeOf(userId, refusedJob)).isEqualTo(2304);
    }

    @Test
    void idVerificationAnswersWithTheLegacySignature() {
        var seconds = Long.toString(clock.instant().getEpochSecond());
        var userId = unique("u");
        var response = server.post("/v1/id_verification",
                idBody(pid(), seconds, legacy.rubySecKey(pid(), seconds), userId, unique("sync"), "/sync"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = json(response.body());
        assertThat(body.get("ResultCode").asText()).isEqualTo("1012");
        assertLegacySigned(body);

        var refusedJob = unique("refused");
        assertError(server.post("/v1/id_verification",
                idBody(pid(), seconds, legacy.secKey(pid(), "1"), userId, refusedJob, "/sync")), "2405");
        var other = Long.toString(withoutLegacyKey.partnerId());
        assertError(server.post("/v1/id_verification",
                idBody(other, seconds, legacy.secKey(other, seconds), userId, refusedJob, "/sync")), "2405");
        assertThat(statusCodeOf(userId, refusedJob)).isEqualTo(2304);
    }

    @Test
    void theCallbacksOfASecKeyJobCarryTheLegacySignature() throws Exception {
        var millis = Long.toString(clock.instant().toEpochMilli());
        var userId = unique("u");
        var path = "/async-" + UUID.randomUUID();
        var response = server.post("/v1/async_id_verification",
                idBody(pid(), millis, legacy.secKey(pid(), millis), userId, unique("async"), path));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var callback = receiver.await(path, 1).getFirst();
        var body = json(callback.body());
        assertThat(body.get("ResultCode").asText()).isEqualTo("1012");
        assertThat(legacy.verifies(body.get("signature").asText(), body.get("timestamp").asText(), pid()))
                .as(callback.body()).isTrue();

        // a job submitted with the HMAC keeps the HMAC in its callbacks
        var hmacPath = "/hmac-" + UUID.randomUUID();
        var signed = server.post("/v1/async_id_verification", """
                {"partner_id": "%s", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "BVN",
                 "id_number": "12345678901", "callback_url": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 5}}"""
                .formatted(pid(), TS, new SidSignature(partner.apiKey()).sign(TS, pid()), receiver.url(hmacPath),
                        userId, unique("hmac")));
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        var hmacBody = json(receiver.await(hmacPath, 1).getFirst().body());
        assertThat(new SidSignature(partner.apiKey()).verifies(hmacBody.get("signature").asText(),
                hmacBody.get("timestamp").asText(), pid())).isTrue();
    }

    // ---- the official Node SDK 1.x ---------------------------------------------------------------------------

    @Test
    @StartsProcesses
    void theOfficialNode1SdkSubmitsPollsAndGetsItsCallback() throws Exception {
        var images = dataDir.resolve("legacy-node-images");
        Files.createDirectories(images);
        Files.write(images.resolve("selfie.jpg"), Images.jpeg(64, 64));
        var userId = unique("node1");
        var job = unique("job");
        var path = "/node1-" + UUID.randomUUID();
        var env = Map.of(
                "NODE_EXTRA_CA_CERTS", server.caPath().toString(),
                "SERVER", "127.0.0.1:" + server.env().get("VERDICT_HTTPS_PORT") + "/v1",
                "PARTNER_ID", pid(),
                "API_KEY", legacyApiKey,
                "CALLBACK", receiver.url(path),
                "PARTNER_PARAMS", "{\"user_id\": \"%s\", \"job_id\": \"%s\", \"job_type\": 4}".formatted(userId, job),
                "IMAGES", "[{\"image_type_id\": 0, \"image\": \"%s\"}]".formatted(images.resolve("selfie.jpg")));
        var result = Node.run("legacy-submit-job.js", List.of(), env);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        var answer = json(result.stdout());
        // the SDK only resolves once a job_status answer's signature verified and the job was complete
        var submitted = answer.get("submitted");
        assertThat(submitted.get("job_complete").booleanValue()).as(result.stdout()).isTrue();
        assertThat(submitted.get("result").get("PartnerParams").get("job_id").asText()).isEqualTo(job);
        assertLegacySignedAnyTime(submitted);
        var status = answer.get("status");
        assertThat(status.get("job_complete").booleanValue()).isTrue();
        assertLegacySignedAnyTime(status);
        var callback = json(receiver.await(path, 1).getFirst().body());
        assertThat(callback.get("PartnerParams").get("job_id").asText()).isEqualTo(job);
        assertThat(legacy.verifies(callback.get("signature").asText(), callback.get("timestamp").asText(), pid()))
                .as(callback.toString()).isTrue();
    }

    private void assertLegacySignedAnyTime(JsonNode body) {
        assertThat(legacy.verifies(body.get("signature").asText(), body.get("timestamp").asText(), pid()))
                .as(body.toString()).isTrue();
    }
}
