package dev.verdict.jobstatus;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.Node;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every outcome of POST /v1/job_status through a real HTTPS server and client, on SQLite and on
 * PostgreSQL: each code, each job state, history, image links, rotation and revocation, and the
 * official Node SDK as the client.
 */
abstract class JobStatusTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";

    IssuedKey partner;

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_HISTORY_MAX_EVENTS", "8");
        env.put("VERDICT_HISTORY_MAX_BYTES", "4096");
    }

    @Override
    protected void started() throws Exception {
        partner = server.createPartner("Job status partner");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private String newJob(IssuedKey owner, String userId, String jobId, int jobType, JobState state) {
        var extras = TestServer.JSON.createObjectNode().put("optional_info", "kept as sent");
        return server.app().services().jobs().create(new JobService.NewJob(owner.partnerId(), userId, jobId, jobType,
                extras, null, null, null, owner.keyId(), state)).smileJobId();
    }

    private void result(String smileJobId, int seq, String code, String extra) {
        var body = (ObjectNode) json("{\"seq\": %d, \"ResultCode\": \"%s\"%s}".formatted(seq, code,
                extra.isEmpty() ? "" : ", " + extra));
        server.app().services().jobs().recordResult(smileJobId, body);
    }

    private HttpResponse<String> status(IssuedKey key, String userId, String jobId, boolean images, boolean history) {
        return server.post("/v1/job_status", SignedRequests.jobStatus(key, userId, jobId, TS, images, history));
    }

    /** Asserts the body is signed with this key over its own timestamp and partner id text. */
    private static void assertSignedBy(JsonNode body, String apiKey, String partnerIdText) {
        var timestamp = body.get("timestamp").asText();
        assertThat(timestamp).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(new SidSignature(apiKey).verifies(body.get("signature").asText(), timestamp, partnerIdText))
                .as("signature of %s", body).isTrue();
    }

    private static void assertError(HttpResponse<String> response, int http, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(http);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        var body = json(response.body());
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("error").isTextual()).isTrue();
    }

    // ---- success and the shape of the answer --------------------------------------------------------

    @Test
    void aCompleteJobAnswersSigned2302InV1KeyOrder() {
        var user = unique("user");
        var job = unique("job");
        var smileJobId = newJob(partner, user, job, 4, JobState.RECEIVED);
        result(smileJobId, 1, "0840", "\"ConfidenceValue\": 99.5, \"Actions\": {\"Liveness_Check\": \"Passed\"}");

        var response = status(partner, user, job, false, false);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        var body = json(response.body());
        assertThat(body.fieldNames()).toIterable()
                .containsExactly("timestamp", "signature", "job_complete", "job_success", "code", "result");
        assertSignedBy(body, partner.apiKey(), Long.toString(partner.partnerId()));
        assertThat(body.get("job_complete").isBoolean()).isTrue();
        assertThat(body.get("job_complete").booleanValue()).isTrue();
        assertThat(body.get("job_success").booleanValue()).isTrue();
        assertThat(body.get("code").isTextual()).isTrue();
        assertThat(body.get("code").asText()).isEqualTo("2302");
        var result = body.get("result");
        assertThat(result.fieldNames()).toIterable().startsWith("ResultCode", "ResultText", "ResultType",
                "SmileJobID", "JSONVersion", "IsFinalResult", "IsMachineResult", "ConfidenceValue", "Actions",
                "Source", "PartnerParams");
        assertThat(result.get("ResultCode").asText()).isEqualTo("0840");
        assertThat(result.get("SmileJobID").asText()).isEqualTo(smileJobId).matches("\\d{10}");
        assertThat(result.get("IsFinalResult").asText()).isEqualTo("true");
        assertThat(result.get("ConfidenceValue").isTextual()).isTrue();
        assertThat(result.get("seq").asText()).isEqualTo("1");
        var params = result.get("PartnerParams");
        assertThat(params.get("user_id").asText()).isEqualTo(user);
        assertThat(params.get("job_id").asText()).isEqualTo(job);
        assertThat(params.get("job_type").asInt()).isEqualTo(4);
        assertThat(params.get("optional_info").asText()).isEqualTo("kept as sent");
    }

    @Test
    void everyJobStateHasItsAnswer() {
        var user = unique("user");
        var created = unique("created");
        newJob(partner, user, created, 4, JobState.CREATED);
        var body = json(status(partner, user, created, false, false).body());
        assertThat(body.get("code").asText()).isEqualTo("2314");
        assertThat(body.get("result").asText()).isEqualTo("No zip file received");
        assertThat(body.get("job_complete").booleanValue()).isFalse();
        assertThat(body.get("job_success").booleanValue()).isFalse();
        assertSignedBy(body, partner.apiKey(), Long.toString(partner.partnerId()));

        var received = unique("received");
        newJob(partner, user, received, 4, JobState.RECEIVED);
        body = json(status(partner, user, received, false, false).body());
        assertThat(body.get("code").asText()).isEqualTo("2302");
        assertThat(body.has("result")).isFalse();
        assertThat(body.get("job_complete").booleanValue()).isFalse();

        var provisional = unique("provisional");
        var provisionalId = newJob(partner, user, provisional, 1, JobState.RECEIVED);
        result(provisionalId, 1, "1012", "\"IDType\": \"BVN\", \"IDNumber\": 12345678901");
        result(provisionalId, 2, "0814", "\"ConfidenceValue\": \"97.000000\"");
        body = json(status(partner, user, provisional, false, false).body());
        assertThat(body.get("job_complete").booleanValue()).isFalse();
        assertThat(body.get("job_success").booleanValue()).isFalse();
        assertThat(body.get("result").get("ResultCode").asText()).isEqualTo("0814");
        assertThat(body.get("result").get("IsFinalResult").asText()).isEqualTo("false");

        result(provisionalId, 3, "1210", "\"IsMachineResult\": \"false\"");
        body = json(status(partner, user, provisional, false, false).body());
        assertThat(body.get("job_complete").booleanValue()).isTrue();
        assertThat(body.get("job_success").booleanValue()).isTrue();
        assertThat(body.get("result").get("IsMachineResult").asText()).isEqualTo("false");

        var failed = unique("failed");
        var failedId = newJob(partner, user, failed, 4, JobState.RECEIVED);
        result(failedId, 1, "0903", "");
        body = json(status(partner, user, failed, false, false).body());
        assertThat(body.get("job_complete").booleanValue()).isTrue();
        assertThat(body.get("job_success").booleanValue()).isFalse();
        assertThat(body.get("result").get("ResultText").asText()).isEqualTo("Zip Corrupt");
        assertThat(server.app().services().jobs().find(failedId).orElseThrow().state()).isEqualTo(JobState.FAILED);

        var rejected = unique("rejected");
        var rejectedId = newJob(partner, user, rejected, 4, JobState.RECEIVED);
        result(rejectedId, 1, "0841", "");
        body = json(status(partner, user, rejected, false, false).body());
        assertThat(body.get("job_complete").booleanValue()).isTrue();
        assertThat(body.get("job_success").booleanValue()).isFalse();
    }

    // ---- every error code ------------------------------------------------------------------------------

    @Test
    void bodiesThatAreNotJsonObjectsAnswer2303() {
        for (var body : List.of("", "not json", "[1,2]", "\"text\"", "42", "{\"partner_id\": ")) {
            assertError(server.post("/v1/job_status", body), 400, "2303");
        }
    }

    @Test
    void missingOrEmptyRequiredFieldsAnswer2313() {
        var full = Map.of("partner_id", "\"" + partner.partnerId() + "\"", "user_id", "\"u\"", "job_id", "\"j\"",
                "timestamp", "\"" + TS + "\"", "signature", "\"c2ln\"");
        for (var field : full.keySet()) {
            for (var replacement : new String[] {null, "\"\"", "null", "{}"}) {
                var fields = new ArrayList<String>();
                full.forEach((k, v) -> {
                    if (!k.equals(field)) {
                        fields.add("\"" + k + "\": " + v);
                    } else if (replacement != null) {
                        fields.add("\"" + k + "\": " + replacement);
                    }
                });
                assertError(server.post("/v1/job_status", "{" + String.join(", ", fields) + "}"), 400, "2313");
            }
        }
    }

    @Test
    void unknownPartnersBadSignaturesAndLegacySecKeysAnswerUnsigned2305() {
        var user = unique("user");
        var job = unique("job");
        newJob(partner, user, job, 4, JobState.RECEIVED);
        var partnerId = Long.toString(partner.partnerId());
        var wrongKey = SignedRequests.jobStatus(partnerId, "not-the-key", user, job, TS, false, false);
        var unknownPartner = SignedRequests.jobStatus("987654321", partner.apiKey(), user, job, TS, false, false);
        var lettersPartner = SignedRequests.jobStatus("acme", partner.apiKey(), user, job, TS, false, false);
        var secKeyOnly = "{\"partner_id\": \"%s\", \"user_id\": \"%s\", \"job_id\": \"%s\", \"timestamp\": 1700000000,"
                .formatted(partnerId, user, job) + " \"sec_key\": \"abc|def\"}";
        var signedOtherTimestamp = SignedRequests.jobStatus(partner, user, job, TS, false, false)
                .replace(TS, "2026-03-01T12:00:00.001Z");
        for (var body : List.of(wrongKey, unknownPartner, lettersPartner, secKeyOnly, signedOtherTimestamp)) {
            var response = server.post("/v1/job_status", body);
            assertError(response, 400, "2305");
            assertThat(json(response.body()).has("signature")).isFalse();
        }
    }

    @Test
    void usersAndJobsTheCallerCannotSeeAnswerSigned2310And2304() {
        var user = unique("user");
        var job = unique("job");
        newJob(partner, user, job, 4, JobState.RECEIVED);
        var partnerId = Long.toString(partner.partnerId());

        var unknownUser = status(partner, unique("stranger"), job, false, false);
        assertError(unknownUser, 400, "2310");
        assertSignedBy(json(unknownUser.body()), partner.apiKey(), partnerId);

        var unknownJob = status(partner, user, unique("nojob"), false, false);
        assertError(unknownJob, 400, "2304");
        assertSignedBy(json(unknownJob.body()), partner.apiKey(), partnerId);

        // the job exists, but for another user of the same partner
        var otherUser = unique("other");
        newJob(partner, otherUser, unique("theirs"), 4, JobState.RECEIVED);
        assertError(status(partner, otherUser, job, false, false), 400, "2304");

        // and another partner never sees it
        var other = server.createPartner("Other partner");
        assertError(status(other, user, job, false, false), 400, "2310");
    }

    @Test
    void disabledUsersAnswerSigned2307ForEveryJob() {
        var user = unique("user");
        var job = unique("job");
        var smileJobId = newJob(partner, user, job, 4, JobState.RECEIVED);
        result(smileJobId, 1, "0840", "");
        server.app().services().users().disable(partner.partnerId(), user);
        var response = status(partner, user, job, true, true);
        assertError(response, 400, "2307");
        assertSignedBy(json(response.body()), partner.apiKey(), Long.toString(partner.partnerId()));
        assertError(status(partner, user, unique("other-job"), false, false), 400, "2307");
        server.app().services().users().enable(partner.partnerId(), user);
        assertThat(status(partner, user, job, false, false).statusCode()).isEqualTo(200);
    }

    @Test
    void disabledPartnersAndRevokedKeysStopWorkingWithinFiveSeconds() {
        var owner = server.createPartner("Rotation partner");
        var user = unique("user");
        var job = unique("job");
        newJob(owner, user, job, 4, JobState.RECEIVED);
        var partners = server.app().services().partners();
        var partnerId = Long.toString(owner.partnerId());

        assertThat(status(owner, user, job, false, false).statusCode()).isEqualTo(200);
        var rotated = partners.rotateKey(owner.partnerId());
        clock.advance(Duration.ofSeconds(5));
        // during the rotation both keys verify, and each answer is signed with the key that asked
        var byOld = json(status(owner, user, job, false, false).body());
        var byNew = json(status(rotated, user, job, false, false).body());
        assertSignedBy(byOld, owner.apiKey(), partnerId);
        assertSignedBy(byNew, rotated.apiKey(), partnerId);
        assertThat(new SidSignature(rotated.apiKey()).verifies(byOld.get("signature").asText(),
                byOld.get("timestamp").asText(), partnerId)).isFalse();

        partners.revokeOlderKeys(owner.partnerId());
        clock.advance(Duration.ofSeconds(5));
        assertError(status(owner, user, job, false, false), 400, "2305");
        assertThat(status(rotated, user, job, false, false).statusCode()).isEqualTo(200);

        partners.setStatus(owner.partnerId(), dev.verdict.partners.PartnerStatus.DISABLED);
        clock.advance(Duration.ofSeconds(5));
        assertError(status(rotated, user, job, false, false), 400, "2305");
        partners.setStatus(owner.partnerId(), dev.verdict.partners.PartnerStatus.ACTIVE);
        clock.advance(Duration.ofSeconds(5));
        assertThat(status(rotated, user, job, false, false).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnexpectedFailureAfterAuthenticationAnswersSigned2301() throws Exception {
        var env = new HashMap<>(TestServer.env(backend, dataDir));
        try (var failing = TestServer.start(env, clock)) {
            var owner = failing.createPartner("Failing");
            var body = SignedRequests.jobStatus(owner, "u", "j", TS, false, false);
            assertThat(json(failing.post("/v1/job_status", body).body()).get("code").asText()).isEqualTo("2310");
            failing.app().database().close(); // the partner stays cached; the job lookup then fails
            var response = failing.post("/v1/job_status", body);
            assertError(response, 500, "2301");
            assertSignedBy(json(response.body()), owner.apiKey(), Long.toString(owner.partnerId()));
            assertThat(response.body()).doesNotContain("SQL", "Exception", "Hikari");
        }
    }

    // ---- request leniency and every SDK's timestamp style -----------------------------------------------

    @Test
    void everySdkTimestampStyleVerifies() {
        var user = unique("user");
        var job = unique("job");
        newJob(partner, user, job, 4, JobState.RECEIVED);
        for (var timestamp : List.of("2024-05-01T10:20:30.123Z", "2024-05-01T10:20:30.123456Z",
                "2024-05-01T10:20:30.123456+00:00", "2024-05-01T12:20:30.123456", "2022-10-27 13:25:52 +0000",
                "2024-05-01T10:20:30+00:00", "1714558830123")) {
            var response = server.post("/v1/job_status",
                    SignedRequests.jobStatus(partner, user, job, timestamp, false, false));
            assertThat(response.statusCode()).as(timestamp).isEqualTo(200);
        }
        // a JSON number: its decimal text is what was signed
        var signature = new SidSignature(partner.apiKey()).sign("1714558830123", Long.toString(partner.partnerId()));
        var numeric = "{\"partner_id\": %d, \"user_id\": \"%s\", \"job_id\": \"%s\", \"timestamp\": 1714558830123, \"signature\": \"%s\"}"
                .formatted(partner.partnerId(), user, job, signature);
        assertThat(server.post("/v1/job_status", numeric).statusCode()).isEqualTo(200);
    }

    @Test
    void lenientParsingAsTheSdksNeedIt() {
        var user = "12345";
        var job = unique("job");
        var numericJob = Long.toString(System.nanoTime());
        newJob(partner, user, job, 4, JobState.RECEIVED);
        newJob(partner, user, numericJob, 4, JobState.RECEIVED);
        var partnerId = Long.toString(partner.partnerId());
        var signature = new SidSignature(partner.apiKey()).sign(TS, partnerId);

        // PHP: no Content-Type, pretty-printed, string flags, unknown fields
        var php = """
                {
                    "partner_id": "%s",
                    "user_id": "%s",
                    "job_id": "%s",
                    "timestamp": "%s",
                    "signature": "%s",
                    "image_links": "true",
                    "history": null,
                    "source_sdk": "PHP"
                }""".formatted(partnerId, user, job, TS, signature);
        var response = server.send(HttpRequest.newBuilder(URI.create(server.httpsBase() + "/v1/job_status"))
                .POST(HttpRequest.BodyPublishers.ofString(php)).build());
        assertThat(response.statusCode()).isEqualTo(200);
        var body = json(response.body());
        assertThat(body.has("image_links")).isTrue();
        assertThat(body.has("history")).isFalse();

        // ids as JSON numbers use their decimal text
        var numbers = "{\"partner_id\": \"%s\", \"user_id\": %s, \"job_id\": %s, \"timestamp\": \"%s\", \"signature\": \"%s\"}"
                .formatted(partnerId, user, numericJob, TS, signature);
        assertThat(server.post("/v1/job_status", numbers).statusCode()).isEqualTo(200);

        // Python with a trailing slash in its base URL
        assertThat(server.post("/v1//job_status", SignedRequests.jobStatus(partner, user, job, TS, false, false))
                .statusCode()).isEqualTo(200);

        // a partner id with a leading zero finds the partner; the HMAC and the answer use the text as sent
        var padded = "0" + partnerId;
        var paddedResponse = server.post("/v1/job_status",
                SignedRequests.jobStatus(padded, partner.apiKey(), user, job, TS, false, false));
        assertThat(paddedResponse.statusCode()).isEqualTo(200);
        assertSignedBy(json(paddedResponse.body()), partner.apiKey(), padded);

        // plain HTTP serves the same API
        var plain = server.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/v1/job_status"))
                .POST(HttpRequest.BodyPublishers.ofString(SignedRequests.jobStatus(partner, user, job, TS, false, false)))
                .build());
        assertThat(plain.statusCode()).isEqualTo(200);
    }

    @Test
    void productionModeRefusesStaleAndUnparsableTimestamps() throws Exception {
        var env = new HashMap<>(TestServer.env(backend, dataDir));
        env.put("VERDICT_MODE", "production");
        env.put("VERDICT_HTTPS_PORT", "0");
        env.put("VERDICT_PUBLIC_URL", "https://verdict.example");
        try (var production = TestServer.start(env, clock)) {
            var owner = production.createPartner("Production partner");
            var fresh = SidSignature.responseTimestamp(clock.instant().minusSeconds(3600));
            var plain = (java.util.function.Function<String, HttpResponse<String>>) ts -> production.send(
                    HttpRequest.newBuilder(URI.create(production.httpBase() + "/v1/job_status"))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    SignedRequests.jobStatus(owner, "u", "j", ts, false, false))).build());
            assertThat(json(plain.apply(fresh).body()).get("code").asText()).isEqualTo("2310");
            assertThat(json(plain.apply("2026-03-01 11:00:00 +0000").body()).get("code").asText()).isEqualTo("2310");
            assertError(plain.apply("2026-02-27T12:00:00.000Z"), 400, "2305");
            assertError(plain.apply("not a time"), 400, "2305");
            assertThat(production.banner()).doesNotContain("api_key");
        }
    }

    // ---- history ---------------------------------------------------------------------------------

    @Test
    void historyListsEveryResultOfTheUsersJobsNewestFirst() {
        var user = unique("user");
        var jobA = unique("a");
        var jobB = unique("b");
        var a = newJob(partner, user, jobA, 1, JobState.RECEIVED);
        var b = newJob(partner, user, jobB, 4, JobState.RECEIVED);
        var noise = newJob(partner, unique("someone-else"), unique("n"), 4, JobState.RECEIVED);
        result(a, 1, "1012", "\"IDType\": \"BVN\"");
        result(b, 1, "0840", "");
        result(noise, 1, "0840", "");
        result(a, 2, "0814", "");
        result(a, 3, "1210", "");

        var body = json(status(partner, user, jobB, false, true).body());
        assertThat(body.fieldNames()).toIterable().containsExactly("timestamp", "signature", "job_complete",
                "job_success", "code", "result", "history");
        var history = body.get("history");
        assertThat(history).hasSize(4);
        assertThat(history).extracting(h -> h.get("SmileJobID").asText() + "/" + h.get("ResultCode").asText())
                .containsExactly(a + "/1210", a + "/0814", b + "/0840", a + "/1012");
        assertThat(body.get("result").get("SmileJobID").asText()).isEqualTo(b);

        var empty = json(status(partner, user, newJobReturningId(user), false, true).body());
        assertThat(empty.get("history")).hasSize(4);
    }

    private String newJobReturningId(String user) {
        var jobId = unique("empty");
        newJob(partner, user, jobId, 4, JobState.RECEIVED);
        return jobId;
    }

    @Test
    void historyIsCappedByCountAndBySize() {
        var user = unique("user");
        String lastJob = null;
        for (int i = 0; i < 10; i++) {
            lastJob = unique("job" + i);
            result(newJob(partner, user, lastJob, 4, JobState.RECEIVED), 1, "0840", "");
        }
        var history = json(status(partner, user, lastJob, false, true).body()).get("history");
        assertThat(history).hasSize(8); // VERDICT_HISTORY_MAX_EVENTS
        assertThat(history.get(0).get("PartnerParams").get("job_id").asText()).isEqualTo(lastJob);

        var big = unique("big-user");
        var bigJob = unique("big");
        var first = newJob(partner, big, unique("first"), 4, JobState.RECEIVED);
        result(first, 1, "0840", "\"Photo\": \"" + "A".repeat(3000) + "\"");
        result(newJob(partner, big, bigJob, 4, JobState.RECEIVED), 1, "0840", "\"Photo\": \"" + "B".repeat(3000) + "\"");
        var capped = json(status(partner, big, bigJob, false, true).body()).get("history");
        assertThat(capped).hasSize(1); // VERDICT_HISTORY_MAX_BYTES = 4096
        assertThat(capped.get(0).get("Photo").asText()).startsWith("B");
    }

    /**
     * Stored result objects are copied into the answer as the database's UTF-8 bytes: text outside
     * ASCII arrives unchanged in result and history, and the size cap counts bytes, not chars.
     */
    @Test
    void historyCarriesStoredTextUnchangedAndCapsItsSizeInBytes() {
        var name = "Zoë Ngọc Ánh — 山田 花子 ✓ 𝔸";
        var user = unique("user");
        var firstJob = unique("first");
        var secondJob = unique("second");
        var note = "é".repeat(1_500); // 1,500 chars, 3,000 bytes: two such results exceed 4,096 bytes, not 4,096 chars
        result(newJob(partner, user, firstJob, 4, JobState.RECEIVED), 1, "0840",
                "\"FullName\": \"" + name + "\", \"Note\": \"" + note + "\"");
        result(newJob(partner, user, secondJob, 4, JobState.RECEIVED), 1, "0840",
                "\"FullName\": \"" + name + "\", \"Note\": \"" + note + "\"");

        var body = json(status(partner, user, secondJob, false, true).body());
        assertThat(body.get("result").get("FullName").asText()).isEqualTo(name);
        assertThat(body.get("result").get("Note").asText()).isEqualTo(note);
        var history = body.get("history");
        assertThat(history).hasSize(1); // VERDICT_HISTORY_MAX_BYTES = 4096
        assertThat(history.get(0).get("FullName").asText()).isEqualTo(name);
        assertThat(history.get(0).get("PartnerParams").get("job_id").asText()).isEqualTo(secondJob);
    }

    // ---- image links ---------------------------------------------------------------------------------

    @Test
    void imageLinksExpireAndRefuseTampering() {
        var user = unique("user");
        var job = unique("job");
        var smileJobId = newJob(partner, user, job, 6, JobState.RECEIVED);
        var selfie = Images.jpeg(20, 20);
        var front = Images.png(30, 20);
        var selfieId = server.putImage(smileJobId, "selfie", selfie);
        server.putImage(smileJobId, "id_card_back", Images.png(30, 21));
        server.putImage(smileJobId, "id_card_front", front);
        server.putImage(smileJobId, "liveness", Images.jpeg(10, 10));

        var body = json(status(partner, user, job, true, false).body());
        assertThat(body.fieldNames()).toIterable().containsExactly("timestamp", "signature", "job_complete",
                "job_success", "code", "image_links");
        var links = body.get("image_links");
        assertThat(links.fieldNames()).toIterable().containsExactly("selfie_image", "id_card_image", "id_card_back_image");
        var selfieUrl = links.get("selfie_image").asText();
        assertThat(selfieUrl).startsWith(server.httpsBase() + "/images/");

        var audited = server.app().services().audit().count("image.fetched", selfieId);
        var fetched = fetch(selfieUrl);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(selfie);
        assertThat(fetched.headers().firstValue("content-type")).contains("image/jpeg");
        assertThat(fetched.headers().firstValue("x-content-type-options")).contains("nosniff");
        assertThat(fetched.headers().firstValue("cache-control")).contains("no-store");
        assertThat(server.app().services().audit().count("image.fetched", selfieId)).isEqualTo(audited + 1);
        assertThat(fetch(links.get("id_card_image").asText()).body()).isEqualTo(front);

        var tampered = List.of(
                flipCharAfter(selfieUrl, "signature="),
                selfieUrl.replaceAll("expires=(\\d+)", "expires=9$1"),
                selfieUrl.replace("/images/", "/images/x"),
                selfieUrl.substring(0, selfieUrl.indexOf('?')));
        for (var url : tampered) {
            var response = fetch(url);
            assertThat(response.statusCode()).as(url).isEqualTo(403);
            assertThat(json(new String(response.body())).get("code").asText()).isEqualTo("link_invalid");
        }
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        var expired = fetch(selfieUrl);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(json(new String(expired.body())).get("code").asText()).isEqualTo("link_expired");
        assertThat(server.app().services().audit().count("image.fetched", selfieId)).isEqualTo(audited + 1);

        var withoutImages = unique("no-images");
        newJob(partner, user, withoutImages, 4, JobState.RECEIVED);
        var none = json(status(partner, user, withoutImages, true, false).body()).get("image_links");
        assertThat(none.get("error").asText()).isEqualTo("No images found");
    }

    private static String flipCharAfter(String url, String marker) {
        var at = url.indexOf(marker) + marker.length();
        var replacement = url.charAt(at) == 'A' ? 'B' : 'A';
        return url.substring(0, at) + replacement + url.substring(at + 1);
    }

    private HttpResponse<byte[]> fetch(String url) {
        return server.sendForBytes(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    // ---- the official Node SDK --------------------------------------------------------------------------

    @Test
    @StartsProcesses
    void theOfficialNodeSdkVerifiesVerdictsAnswersOverHttps() throws Exception {
        var user = unique("node-user");
        var job = unique("node-job");
        var smileJobId = newJob(partner, user, job, 1, JobState.RECEIVED);
        server.putImage(smileJobId, "selfie", Images.jpeg(16, 16));
        result(smileJobId, 1, "1012", "\"IDType\": \"BVN\", \"Country\": \"NG\"");
        result(smileJobId, 2, "0810", "\"ConfidenceValue\": \"99\"");
        var created = unique("node-created");
        newJob(partner, user, created, 4, JobState.CREATED);

        var plain = node(user, job, false, false);
        assertThat(plain.get("job_complete").booleanValue()).isTrue();
        assertThat(plain.get("job_success").booleanValue()).isTrue();
        assertThat(plain.get("result").get("ResultCode").asText()).isEqualTo("0810");
        assertThat(plain.has("history")).isFalse();

        var full = node(user, job, true, true);
        assertThat(full.get("history")).hasSize(2);
        assertThat(full.get("image_links").get("selfie_image").asText()).startsWith(server.httpsBase());

        var pending = node(user, created, false, false);
        assertThat(pending.get("code").asText()).isEqualTo("2314");
        assertThat(pending.get("job_complete").booleanValue()).isFalse();
    }

    private JsonNode node(String user, String job, boolean history, boolean images) throws Exception {
        var env = Map.of(
                "NODE_EXTRA_CA_CERTS", server.caPath().toString(),
                "SERVER", "127.0.0.1:" + server.env().get("VERDICT_HTTPS_PORT") + "/v1",
                "PARTNER_ID", Long.toString(partner.partnerId()),
                "API_KEY", partner.apiKey(),
                "USER_ID", user,
                "JOB_ID", job,
                "HISTORY", Boolean.toString(history),
                "IMAGE_LINKS", Boolean.toString(images));
        var result = Node.run("job-status.js", List.of(), env);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return json(result.stdout());
    }
}
