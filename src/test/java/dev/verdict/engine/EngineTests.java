package dev.verdict.engine;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.Node;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.Poll;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zips;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sandbox engine behind a real server on SQLite and PostgreSQL: the official Node SDK's
 * submit_job for every job type, every documented sandbox outcome, enrolment, delays, and an
 * external engine claiming jobs through the internal API.
 */
abstract class EngineTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";

    IssuedKey partner;
    Path images;

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_ENGINE_POLL", "10m");
    }

    @Override
    protected void started() throws Exception {
        // this node's workers wake on its own commits only, so they never race the external engine below
        partner = server.createPartner("Engine partner");
        images = dataDir.resolve("images-for-node");
        Files.createDirectories(images);
        Files.write(images.resolve("selfie.jpg"), Images.jpeg(120, 160));
        Files.write(images.resolve("id.png"), Images.png(200, 130));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private String signature() {
        return new SidSignature(partner.apiKey()).sign(TS, Long.toString(partner.partnerId()));
    }

    /** Runs submit-job.js (the official SDK) and returns its answer. */
    private JsonNode nodeSubmit(String userId, String jobId, int jobType, String imagesJson, String idInfo,
            String options) throws Exception {
        var env = new HashMap<String, String>(Map.of(
                "NODE_EXTRA_CA_CERTS", server.caPath().toString(),
                "SERVER", "127.0.0.1:" + server.env().get("VERDICT_HTTPS_PORT") + "/v1",
                "PARTNER_ID", Long.toString(partner.partnerId()),
                "API_KEY", partner.apiKey(),
                "CALLBACK", "http://127.0.0.1:9/cb",
                "PARTNER_PARAMS", "{\"user_id\": \"%s\", \"job_id\": \"%s\", \"job_type\": %d}".formatted(userId, jobId, jobType),
                "IMAGES", imagesJson,
                "ID_INFO", idInfo,
                "OPTIONS", options));
        if (jobType == 5) {
            env.put("ID_API", "true");
        }
        var result = Node.run("submit-job.js", List.of(), env);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return json(result.stdout());
    }

    private String selfieOnly() {
        return "[{\"image_type_id\": 0, \"image\": \"%s\"}]".formatted(images.resolve("selfie.jpg"));
    }

    private String selfieAndId() {
        return "[{\"image_type_id\": 0, \"image\": \"%s\"}, {\"image_type_id\": 1, \"image\": \"%s\"}]"
                .formatted(images.resolve("selfie.jpg"), images.resolve("id.png"));
    }

    private static final String WAIT = "{\"return_job_status\": true, \"return_history\": true}";

    private JsonNode status(String userId, String jobId) {
        return json(server.post("/v1/job_status", SignedRequests.jobStatus(partner, userId, jobId, TS, false, false)).body());
    }

    // ---- the official Node SDK, one job type after the other ------------------------------------------------

    @Test
    @StartsProcesses
    void theNodeSdkSubmitsEveryJobTypeAndGetsTheResultItsInputsCallFor() throws Exception {
        var user = unique("node-user");

        var registration = nodeSubmit(user, unique("jt4"), 4, selfieOnly(), "{}", WAIT);
        assertThat(registration.get("job_complete").booleanValue()).isTrue();
        assertThat(registration.get("job_success").booleanValue()).isTrue();
        assertThat(registration.get("result").get("ResultCode").asText()).isEqualTo("0840");

        var authentication = nodeSubmit(user, unique("jt2"), 2, selfieOnly(), "{}", WAIT);
        assertThat(authentication.get("result").get("ResultCode").asText()).isEqualTo("0820");
        assertThat(authentication.get("job_success").booleanValue()).isTrue();

        var kycUser = unique("kyc-user");
        var biometric = nodeSubmit(kycUser, unique("jt1"), 1, selfieAndId(),
                "{\"country\": \"NG\", \"id_type\": \"BVN\", \"id_number\": \"12345678901\", \"entered\": true}", WAIT);
        assertThat(biometric.get("result").get("ResultCode").asText()).isEqualTo("0810");
        assertThat(biometric.get("history")).extracting(h -> h.get("ResultCode").asText()).containsExactly("0810", "1012");

        var document = nodeSubmit(unique("doc-user"), unique("jt6"), 6, selfieAndId(),
                "{\"country\": \"NG\", \"id_type\": \"PASSPORT\"}", WAIT);
        assertThat(document.get("result").get("ResultCode").asText()).isEqualTo("0810");

        var enhanced = nodeSubmit(unique("ekyc-user"), unique("jt5"), 5, "[]",
                "{\"country\": \"NG\", \"id_type\": \"NIN\", \"id_number\": \"98765432101\", \"first_name\": \"Ada\"}", "{}");
        assertThat(enhanced.get("ResultCode").asText()).isEqualTo("1012");
        assertThat(enhanced.get("FullName").asText()).isNotBlank();

        // a provisional result: the job stays incomplete, waiting for a reviewer
        var reviewUser = unique("review-user");
        var reviewJob = unique("jt4-sandbox-review");
        var submitted = nodeSubmit(reviewUser, reviewJob, 4, selfieOnly(), "{}", "{\"return_job_status\": false}");
        assertThat(submitted.get("success").booleanValue()).isTrue();
        eventually(() -> status(reviewUser, reviewJob).has("result"), "the provisional result");
        var review = status(reviewUser, reviewJob);
        assertThat(review.get("job_complete").booleanValue()).isFalse();
        assertThat(review.get("result").get("ResultCode").asText()).isEqualTo("0842");
        var job = json(server.admin("GET", "/internal/v1/jobs/" + review.get("result").get("SmileJobID").asText(),
                HttpRequest.BodyPublishers.noBody()).body());
        assertThat(job.get("state").asText()).isEqualTo("IN_REVIEW");
    }

    // ---- every sandbox outcome --------------------------------------------------------------------------

    private String prepareAndUpload(String userId, String jobId, int jobType, byte[] zip) {
        var body = """
                {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "%s",
                 "job_id": "%s", "job_type": %d}, "country": "NG", "id_type": "BVN", "id_number": "12345678901",
                 "entered": "true"}""".formatted(partner.partnerId(), TS, signature(), userId, jobId, jobType);
        var answer = json(server.post("/v1/upload", body).body());
        var url = answer.get("upload_url").asText();
        var put = server.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
        assertThat(put.statusCode()).isEqualTo(200);
        return answer.get("smile_job_id").asText();
    }

    private JsonNode finalStatus(String userId, String jobId) throws InterruptedException {
        eventually(() -> status(userId, jobId).path("job_complete").asBoolean(false)
                || status(userId, jobId).path("result").path("IsFinalResult").asText().equals("false"), jobId);
        return status(userId, jobId);
    }

    @Test
    void imageChecksAndMagicJobIdsSelectEveryOutcome() throws Exception {
        var good = Images.jpeg(120, 160);
        Map<String, Object[]> cases = new java.util.LinkedHashMap<>();
        cases.put("approved", new Object[] {"job", good, "0840", true});
        cases.put("rejected", new Object[] {"job-sandbox-reject", good, "0841", false});
        cases.put("spoof", new Object[] {"job-sandbox-spoof", good, "0843", false});
        cases.put("no face", new Object[] {"job", Images.blank(120, 160), "0941", false});
        cases.put("too small", new Object[] {"job", Images.jpeg(16, 16), "0942", false});
        cases.put("undecodable", new Object[] {"job", truncated(good), "0001", false});
        for (var entry : cases.entrySet()) {
            var user = unique("outcome");
            var jobId = unique((String) entry.getValue()[0]);
            prepareAndUpload(user, jobId, 4, Zips.java(user, jobId, 4, (byte[]) entry.getValue()[1]));
            var status = finalStatus(user, jobId);
            assertThat(status.get("result").get("ResultCode").asText()).as(entry.getKey()).isEqualTo(entry.getValue()[2]);
            assertThat(status.get("job_complete").booleanValue()).as(entry.getKey()).isTrue();
            assertThat(status.get("job_success").booleanValue()).as(entry.getKey()).isEqualTo(entry.getValue()[3]);
        }
    }

    private static byte[] truncated(byte[] jpeg) {
        return java.util.Arrays.copyOf(jpeg, 40);
    }

    @Test
    void magicIdNumbersSelectTheIssuersAnswer() {
        Map<String, String> cases = Map.of(
                "12345678901", "1012",
                "12345670000", "1013",
                "12345679999", "1015",
                "123", "1014");
        for (var entry : cases.entrySet()) {
            var body = """
                    {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "BVN",
                     "id_number": "%s", "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 5}}"""
                    .formatted(partner.partnerId(), TS, signature(), entry.getKey(), unique("u"), unique("j"));
            var answer = json(server.post("/v1/id_verification", body).body());
            assertThat(answer.get("ResultCode").asText()).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        var unsupported = """
                {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "country": "FR", "id_type": "CNI",
                 "id_number": "1", "partner_params": {"user_id": "u", "job_id": "%s", "job_type": 5}}"""
                .formatted(partner.partnerId(), TS, signature(), unique("j"));
        assertThat(json(server.post("/v1/id_verification", unsupported).body()).get("ResultCode").asText()).isEqualTo("1016");
    }

    @Test
    void asyncJobsAndIdChecksInsideBiometricKycGoThroughTheQueue() throws Exception {
        var user = unique("async");
        var jobId = unique("job");
        var body = """
                {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "country": "KE", "id_type": "NATIONAL_ID",
                 "id_number": "12340000", "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 5}}"""
                .formatted(partner.partnerId(), TS, signature(), user, jobId);
        assertThat(server.post("/v1/async_id_verification", body).statusCode()).isEqualTo(200);
        assertThat(finalStatus(user, jobId).get("result").get("ResultCode").asText()).isEqualTo("1013");

        var kycUser = unique("kyc");
        var kycJob = unique("job");
        var zip = Zips.node(Long.toString(partner.partnerId()), kycUser, kycJob, 1, Images.jpeg(100, 100), null)
                .clone();
        var smileJobId = prepareAndUpload(kycUser, kycJob, 1, zip);
        var status = finalStatus(kycUser, kycJob);
        assertThat(status.get("result").get("ResultCode").asText()).isEqualTo("0810");
        var detail = json(server.admin("GET", "/internal/v1/jobs/" + smileJobId, HttpRequest.BodyPublishers.noBody()).body());
        assertThat(detail.get("results")).extracting(r -> r.get("seq").asInt()).containsExactly(1, 2);
        assertThat(detail.get("results").get(0).get("result").get("FullName").asText()).isNotBlank();
    }

    @Test
    void enrolmentFollowsASuccessfulRegistration() throws Exception {
        var user = unique("enrol");
        var first = unique("first");
        prepareAndUpload(user, first, 4, Zips.java(user, first, 4, Images.jpeg(100, 120)));
        assertThat(finalStatus(user, first).get("job_success").booleanValue()).isTrue();
        var again = """
                {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "%s",
                 "job_id": "%s", "job_type": 4}}""".formatted(partner.partnerId(), TS, signature(), user, unique("again"));
        assertThat(json(server.post("/v1/upload", again).body()).get("code").asText()).isEqualTo("2209");

        // job type 2 compares against the enrolled selfie: the same photo rescaled matches, another does not
        var same = unique("auth-same");
        prepareAndUpload(user, same, 2, Zips.java(user, same, 2, Images.jpeg(150, 180)));
        assertThat(finalStatus(user, same).get("result").get("ResultCode").asText()).isEqualTo("0820");
        var other = unique("auth-other");
        prepareAndUpload(user, other, 2, Zips.java(user, other, 2, Images.checkerboard(150, 180)));
        assertThat(finalStatus(user, other).get("result").get("ResultCode").asText()).isEqualTo("0821");

        // a rejected registration enrols nobody: job type 2 then finds no enrolled user
        var rejectedUser = unique("rejected");
        var rejectedJob = unique("sandbox-reject");
        prepareAndUpload(rejectedUser, rejectedJob, 4, Zips.java(rejectedUser, rejectedJob, 4, Images.jpeg(100, 120)));
        finalStatus(rejectedUser, rejectedJob);
        var auth = """
                {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "%s",
                 "job_id": "%s", "job_type": 2}}""".formatted(partner.partnerId(), TS, signature(), rejectedUser, unique("auth"));
        assertThat(json(server.post("/v1/upload", auth).body()).get("code").asText()).isEqualTo("2210");
    }

    @Test
    void aSandboxDelayHoldsTheResultBack() throws Exception {
        var user = unique("delay");
        var jobId = unique("job-sandbox-delay-30");
        prepareAndUpload(user, jobId, 4, Zips.java(user, jobId, 4, Images.jpeg(100, 120)));
        // decide whatever is ready now, in this thread: the job is deferred, whichever worker claims it
        server.engineWorker().runOnce();
        assertThat(status(user, jobId).has("result")).isFalse();
        clock.advance(Duration.ofSeconds(31));
        server.app().services().claims().signal();
        assertThat(finalStatus(user, jobId).get("result").get("ResultCode").asText()).isEqualTo("0840");
    }

    // ---- an external engine -----------------------------------------------------------------------------

    @Test
    void anExternalEngineClaimsItsJobTypesAndPostsResultsIdempotently() throws Exception {
        var env = new HashMap<>(TestServer.env(backend, dataDir));
        env.put("VERDICT_SANDBOX_JOB_TYPES", "1,2,4,6,11"); // job type 5 is left to an external engine
        try (var node = TestServer.start(env, clock)) {
            var key = node.createPartner("External engine partner");
            var signature = new SidSignature(key.apiKey()).sign(TS, Long.toString(key.partnerId()));
            var user = unique("ext");
            var jobId = unique("job");
            var body = """
                    {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "BVN",
                     "id_number": "12345678901", "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 5}}"""
                    .formatted(key.partnerId(), TS, signature, user, jobId);
            var smileJobId = json(node.post("/v1/async_id_verification", body).body()).get("smile_job_id").asText();

            JsonNode claimed = Poll.until(Duration.ofSeconds(20), () -> {
                var items = json(node.adminPost("/internal/v1/work/claim",
                        "{\"engine\": \"acme\", \"job_types\": [5], \"max\": 10, \"lease_seconds\": 30}").body()).get("items");
                for (var item : items) {
                    if (item.get("smile_job_id").asText().equals(smileJobId)) {
                        return Optional.of(item);
                    }
                }
                return Optional.<JsonNode>empty();
            }, "the external engine's claim");
            assertThat(claimed).as("the external engine's claim").isNotNull();
            assertThat(claimed.get("next_seq").asText()).isEqualTo("1");
            assertThat(claimed.get("inputs").get("id_info").get("id_number").asText()).isEqualTo("12345678901");
            var detail = json(node.admin("GET", "/internal/v1/jobs/" + smileJobId, HttpRequest.BodyPublishers.noBody()).body());
            assertThat(detail.get("state").asText()).isEqualTo("PROCESSING");
            var again = json(node.adminPost("/internal/v1/work/claim", "{\"engine\": \"acme\", \"job_types\": [5]}").body());
            assertThat(again.get("items").findValuesAsText("smile_job_id")).doesNotContain(smileJobId);

            var post = "{\"seq\": 1, \"ResultCode\": \"1012\", \"FullName\": \"From the external engine\", \"produced_by\": \"acme\"}";
            assertThat(node.adminPost("/internal/v1/jobs/" + smileJobId + "/results", post).statusCode()).isEqualTo(201);
            assertThat(node.adminPost("/internal/v1/jobs/" + smileJobId + "/results", post).statusCode()).isEqualTo(409);
            var status = json(node.post("/v1/job_status", SignedRequests.jobStatus(key, user, jobId, TS, false, false)).body());
            assertThat(status.get("job_success").booleanValue()).isTrue();
            assertThat(status.get("result").get("FullName").asText()).isEqualTo("From the external engine");
            int open = node.app().services().claims().openCount();
            assertThat(open).isZero();

            var bad = node.adminPost("/internal/v1/work/claim", "{\"engine\": \"acme\", \"job_types\": [3]}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(json(bad.body()).get("field").asText()).isEqualTo("job_types");
        }
    }
}
