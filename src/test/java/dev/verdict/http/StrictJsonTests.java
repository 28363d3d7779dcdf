package dev.verdict.http;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.LogCapture;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.SignedRequests;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a JSON body may hold, the same on every endpoint and both databases (the rule lives in
 * {@link JsonSupport#readObject}): one object, whitespace after it at most, no key twice, strings that
 * are text a database stores as sent (no NUL, no unpaired surrogate), numbers within a double. Each
 * family answers its own invalid-JSON code, before authentication and before the database, and
 * nothing is stored or logged as an error.
 */
abstract class StrictJsonTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";

    private IssuedKey partner;

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_SANDBOX_JOB_TYPES", "none");
    }

    @Override
    protected void started() {
        partner = server.createPartner("Strict JSON partner");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** One endpoint family: where it is, a valid body for it, and the code it answers unusable JSON with. */
    private record Family(String name, String path, String invalidJsonCode) {}

    private static final Family JOB_STATUS = new Family("job_status", "/v1/job_status", "2303");
    private static final Family UPLOAD = new Family("upload", "/v1/upload", "2203");
    private static final Family ID = new Family("id_verification", "/v1/id_verification", "2413");
    private static final Family ASYNC_ID = new Family("async_id_verification", "/v1/async_id_verification", "2413");
    private static final Family INTERNAL = new Family("internal", "/internal/v1/jobs", "invalid_json");

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private String signature() {
        return new SidSignature(partner.apiKey()).sign(TS, Long.toString(partner.partnerId()));
    }

    /**
     * A body the family accepts; {@code userId} and {@code jobId} are JSON values as written (a quoted
     * string, or a number). {@code idNumber} likewise, for the ID API.
     */
    private String body(Family family, String userId, String jobId, String jobType, String idNumber) {
        var pid = partner.partnerId();
        return switch (family.name()) {
            case "job_status" -> """
                    {"partner_id": "%d", "user_id": %s, "job_id": %s, "timestamp": "%s", "signature": "%s"}"""
                    .formatted(pid, userId, jobId, TS, signature());
            case "upload" -> """
                    {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s",
                     "partner_params": {"user_id": %s, "job_id": %s, "job_type": %s}}"""
                    .formatted(pid, TS, signature(), userId, jobId, jobType);
            case "id_verification", "async_id_verification" -> """
                    {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "BVN",
                     "id_number": %s, "partner_params": {"user_id": %s, "job_id": %s, "job_type": 5}}"""
                    .formatted(pid, TS, signature(), idNumber, userId, jobId);
            default -> """
                    {"partner_id": "%d", "user_id": %s, "job_id": %s, "job_type": %s}"""
                    .formatted(pid, userId, jobId, jobType);
        };
    }

    private String body(Family family, String user, String job) {
        var jobType = family == ID || family == ASYNC_ID ? "5" : "4";
        return body(family, quoted(user), quoted(job), jobType, "\"00000000000\"");
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private HttpResponse<String> post(Family family, String body) {
        return family == INTERNAL ? server.adminPost(family.path(), body) : server.post(family.path(), body);
    }

    private static void assertInvalidJson(Family family, HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as("%s: %s → %s", family.name(), what, response.body()).isEqualTo(400);
        var answer = json(response.body());
        assertThat(answer.get("code").asText()).as("%s: %s", family.name(), what).isEqualTo(family.invalidJsonCode());
        assertThat(answer.get("error").asText()).as(family.name()).isNotEmpty();
    }

    /** The partner has no job at all for this user: job_status answers 2310. */
    private void assertNothingStoredFor(String user, String job) {
        var response = server.post("/v1/job_status", SignedRequests.jobStatus(partner, user, job, TS, false, false));
        assertThat(json(response.body()).get("code").asText()).as("stored for user %s", user).isEqualTo("2310");
    }

    private static final List<Family> ALL = List.of(JOB_STATUS, UPLOAD, ID, ASYNC_ID, INTERNAL);

    // ---- one object, nothing after it, no key twice ---------------------------------------------

    @Test
    void trailingContentAndDuplicateKeysAnswerEachFamilysInvalidJsonCode() throws Exception {
        try (var capture = LogCapture.start("dev.verdict.http")) {
            for (var family : ALL) {
                var user = unique("user");
                var job = unique("job");
                var valid = body(family, user, job);
                for (var trailing : List.of(" x", "}", "{}", "\n{\"job_id\": \"other\"}", " // comment")) {
                    assertInvalidJson(family, post(family, valid + trailing), "trailing " + trailing.strip());
                }
                // a key given twice: which one counts would be a guess
                var twice = "{\"job_id\": \"first\", " + valid.substring(1);
                if (family == UPLOAD || family == ID || family == ASYNC_ID) {
                    twice = valid.replace("\"partner_params\": {", "\"partner_params\": {\"job_id\": \"first\", ");
                }
                assertInvalidJson(family, post(family, twice), "duplicate job_id");
                assertNothingStoredFor(user, job);
            }
            assertThat(capture.problems()).isEmpty();
        }
    }

    @Test
    void whitespaceAfterTheObjectIsAcceptedAsSdksSendIt() {
        for (var trailing : List.of("\n", "\r\n", " \n\t\n  ")) {
            var user = unique("user");
            var job = unique("job");
            assertThat(post(UPLOAD, body(UPLOAD, user, job) + trailing).statusCode()).isEqualTo(200);
            var status = post(JOB_STATUS, body(JOB_STATUS, user, job) + trailing);
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(json(status.body()).get("code").asText()).isEqualTo("2314");
            assertThat(post(ID, body(ID, unique("user"), unique("job")) + trailing).statusCode()).isEqualTo(200);
            assertThat(post(INTERNAL, body(INTERNAL, unique("user"), unique("job")) + trailing).statusCode())
                    .isEqualTo(201);
        }
    }

    // ---- numbers ---------------------------------------------------------------------------------

    @Test
    void aNumberBeyondADoubleAnswersTheFamilysInvalidJsonCodeWithoutAStackTrace() throws Exception {
        try (var capture = LogCapture.start("dev.verdict.http")) {
            var user = unique("user");
            var job = unique("job");
            var u = quoted(user);
            var j = quoted(job);
            var huge = "1e999";
            assertInvalidJson(JOB_STATUS, post(JOB_STATUS, body(JOB_STATUS, huge, j, "4", "")), "user_id");
            assertInvalidJson(JOB_STATUS, post(JOB_STATUS, body(JOB_STATUS, u, "-" + huge, "4", "")), "job_id");
            assertInvalidJson(JOB_STATUS, post(JOB_STATUS, body(JOB_STATUS, u, j, "4", "")
                    .replace("\"partner_id\": \"" + partner.partnerId() + "\"", "\"partner_id\": " + huge)), "partner_id");
            assertInvalidJson(JOB_STATUS, post(JOB_STATUS, body(JOB_STATUS, u, j, "4", "")
                    .replace("\"timestamp\": \"" + TS + "\"", "\"timestamp\": " + huge)), "timestamp");
            assertInvalidJson(UPLOAD, post(UPLOAD, body(UPLOAD, u, j, huge, "")), "job_type");
            assertInvalidJson(UPLOAD, post(UPLOAD, body(UPLOAD, huge, j, "4", "")), "user_id");
            assertInvalidJson(ID, post(ID, body(ID, u, j, "5", huge)), "id_number");
            assertInvalidJson(ASYNC_ID, post(ASYNC_ID, body(ASYNC_ID, u, j, "5", huge)), "id_number");
            assertInvalidJson(INTERNAL, post(INTERNAL, body(INTERNAL, u, j, huge, "")), "job_type");
            assertNothingStoredFor(user, job);
            assertThat(capture.problems()).isEmpty();
        }
    }

    @Test
    void integersInTextFieldsKeepTheirDecimalText() {
        var user = Long.toString(System.nanoTime());
        var job = "90071992547409931234"; // beyond a long: still its own digits
        assertThat(post(UPLOAD, body(UPLOAD, user, job, "\"4\"", "")).statusCode()).isEqualTo(200);
        var status = post(JOB_STATUS, body(JOB_STATUS, quoted(user), quoted(job), "4", ""));
        assertThat(json(status.body()).get("code").asText()).isEqualTo("2314");
    }

    // ---- text a database stores as sent ----------------------------------------------------------

    @Test
    void nulAndUnpairedSurrogatesAreRefusedBeforeTheDatabase() throws Exception {
        try (var capture = LogCapture.start("dev.verdict.http")) {
            for (var family : ALL) {
                for (var bad : List.of("\\u0000", "\\ud800", "\\udfff", "\\udc00\\ud800")) {
                    var user = unique("user");
                    var job = unique("job");
                    assertInvalidJson(family, post(family, body(family, user + bad, job)), "user_id with " + bad);
                    assertInvalidJson(family, post(family, body(family, user, job + bad)), "job_id with " + bad);
                    // PostgreSQL would have stored an unpaired surrogate as '?': nothing is there either
                    assertNothingStoredFor(user + "?", job);
                    assertNothingStoredFor(user, job);
                }
            }
            // a NUL or a lone surrogate anywhere in the body is refused, not only in an id
            assertInvalidJson(UPLOAD, post(UPLOAD, body(UPLOAD, unique("user"), unique("job"))
                    .replace("\"job_type\": 4", "\"job_type\": 4, \"optional_info\": \"a\\u0000b\"")), "an extra field");
            assertThat(capture.problems()).isEmpty();
        }
        // a proper surrogate pair is a character like any other
        var user = unique("user") + "\ud83d\ude00";
        var job = unique("job");
        assertThat(post(UPLOAD, body(UPLOAD, quoted(user), quoted(job), "4", "")).statusCode()).isEqualTo(200);
        var escaped = body(JOB_STATUS, quoted(user.replace("\ud83d\ude00", "\\ud83d\\ude00")), quoted(job), "4", "");
        assertThat(json(post(JOB_STATUS, escaped).body()).get("code").asText()).isEqualTo("2314");
    }
}
