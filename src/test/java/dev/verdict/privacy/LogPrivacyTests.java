package dev.verdict.privacy;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.cli.Cli;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.ApiClient;
import dev.verdict.testing.Images;
import dev.verdict.testing.LegacyClient;
import dev.verdict.testing.Poll;
import dev.verdict.testing.Receiver;
import dev.verdict.testing.Sensitive;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zips;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No personal data in the log, shown on a server process at DEBUG: every job type submitted as the SDKs
 * do with known names, ID numbers, dates of birth and images; callbacks to a receiver; job_status with
 * history and image links; a review decision; and refused, hostile input. Then no line of the server's
 * standard output or error holds an API key, a signature, a webhook secret, an upload URL's or image
 * link's MAC, a name, an ID number, a date of birth, a base64 chunk of an image, or a request body.
 *
 * <p>To cover a new job type, add a {@link Submission} to {@link #submissions} (its personal data goes
 * through {@link #person} and {@link Sensitive}, so the scan covers it).
 */
@StartsProcesses
abstract class LogPrivacyTests {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    private static final int UPLOAD_CAP = 2 * 1024 * 1024;
    /** Fields of a result object that carry the ID authority's personal data. */
    private static final java.util.Set<String> PERSONAL_RESULT_FIELDS = java.util.Set.of("FullName", "DOB", "IDNumber",
            "PhoneNumber", "PhoneNumber2", "Address", "Secondary_ID_Number", "ExpirationDate");

    abstract TestBackend backend(Path dataDir);

    private final Sensitive sensitive = new Sensitive();
    private final Random random = new Random(20261127);
    private ApiClient api;
    private String partnerId;
    private String apiKey;
    private String signature;
    private Receiver receiver;
    private LegacyClient legacy;

    /** Someone's personal data, every field registered as sensitive. */
    record Person(String firstName, String lastName, String dob, String idNumber) {}

    private Person person(String label) {
        var first = sensitive.add(label + " first name", "Zeb" + letters(8));
        var last = sensitive.add(label + " last name", "Qua" + letters(9));
        var dob = sensitive.add(label + " date of birth",
                "19%02d-%02d-%02d".formatted(40 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28)));
        // eleven digits: a BVN or NIN the sandbox ID authority accepts
        var idNumber = sensitive.add(label + " ID number", "4" + (1_000_000_000L + random.nextInt(900_000_000)));
        return new Person(first, last, dob, idNumber);
    }

    private String letters(int n) {
        var out = new StringBuilder();
        for (var i = 0; i < n; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    private byte[] image(String label) {
        return sensitive.image(label, Images.noise(random.nextLong(), 48 + random.nextInt(16), 48));
    }

    /** One job submitted the way an SDK does: its smile_job_id, user and job ids. */
    record Submitted(String smileJobId, String userId, String jobId, int jobType) {}

    /** One job type's submission, as an SDK makes it. */
    interface Submission {
        Submitted submit() throws Exception;
    }

    /** Every job type the server runs today; the enrolled-selfie types follow the registration they need. */
    private List<Submission> submissions() {
        return List.of(
                () -> uploaded(1, "user-kyc", "job-kyc-sandbox-review", true, false, null),
                () -> uploaded(4, "user-enrol", "job-enrol", false, true, null),
                () -> uploaded(2, "user-enrol", "job-auth", false, false, null),
                () -> uploaded(6, "user-doc", "job-doc", true, false, "PASSPORT"),
                () -> uploaded(11, "user-edv", "job-edv", true, false, "NATIONAL_ID"),
                () -> idVerification("/v1/id_verification", "user-ekyc", "job-ekyc", "/cb"),
                // its receiver fails the first delivery, so a failed attempt is logged too
                () -> idVerification("/v1/async_id_verification", "user-ekyc-async", "job-ekyc-async", "/failing"),
                () -> business("/v1/business_verification", "user-kyb", "job-kyb"),
                () -> business("/v1/async_business_verification", "user-kyb-async", "job-kyb-async"),
                () -> aml("user-aml", "job-aml"),
                () -> legacyIdVerification("user-legacy", "job-legacy"));
    }

    /** Business verification (job type 7): a registration number and the company's name are what it carries. */
    private Submitted business(String path, String userId, String jobId) {
        var number = sensitive.add(path + " registration number", "RC" + (1_000_000 + random.nextInt(8_999_999)));
        var body = sensitive.body(path, """
                {"partner_id": "%s", "timestamp": "%s", "signature": "%s", "country": "NG",
                 "id_type": "BUSINESS_REGISTRATION", "id_number": "%s", "business_type": "co", "callback_url": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 7},
                 "source_sdk": "javascript", "source_sdk_version": "3.2.1"}"""
                .formatted(partnerId, TS, signature, number, receiver.url("/cb"), userId, jobId));
        var answer = api.post(path, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        var smileJobId = json(answer.body()).path("SmileJobID").asText(json(answer.body()).path("smile_job_id").asText());
        return new Submitted(smileJobId, userId, jobId, 7);
    }

    /** AML screening (job type 10), as the Ruby SDK sends it; a listed name so the answer names people. */
    private Submitted aml(String userId, String jobId) {
        var who = person("AML");
        var fullName = sensitive.add("AML full name", who.firstName() + " Listed " + who.lastName());
        var body = sensitive.body("AML", """
                {"partner_id": "%s", "timestamp": "%s", "signature": "%s", "user_id": "%s", "job_id": "%s",
                 "job_type": 10, "countries": ["NG"], "full_name": "%s", "birth_year": "1984", "strict_match": false,
                 "search_existing_user": false, "callback_url": "%s", "source_sdk": "ruby", "source_sdk_version": "2.3.1"}"""
                .formatted(partnerId, TS, signature, userId, jobId, fullName, receiver.url("/cb")));
        var answer = api.post("/v1/aml", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new Submitted(json(answer.body()).path("SmileJobID").asText(), userId, jobId, 10);
    }

    /** An Enhanced KYC request signed the pre-2023 way, with {@code sec_key} and a millisecond timestamp. */
    private Submitted legacyIdVerification(String userId, String jobId) {
        var who = person("sec_key request");
        var timestamp = Long.toString(System.currentTimeMillis());
        var secKey = sensitive.add("sec_key", legacy.secKey(partnerId, timestamp));
        var body = sensitive.body("sec_key request", """
                {"partner_id": "%s", "timestamp": %s, "sec_key": "%s", "country": "NG", "id_type": "NIN",
                 "id_number": "%s", "first_name": "%s", "last_name": "%s", "dob": "%s", "callback_url": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 5}}"""
                .formatted(partnerId, timestamp, secKey, who.idNumber(), who.firstName(), who.lastName(), who.dob(),
                        receiver.url("/cb"), userId, jobId));
        var answer = api.post("/v1/id_verification", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        sensitive.add("legacy answer signature", json(answer.body()).path("signature").asText());
        return new Submitted(json(answer.body()).path("SmileJobID").asText(), userId, jobId, 5);
    }

    /** A web token for a job (the token itself carries the partner params, so it must not be logged either). */
    private void webToken() {
        var body = sensitive.body("token request", """
                {"partner_id": "%s", "timestamp": "%s", "signature": "%s", "user_id": "user-token", "job_id": "job-token",
                 "product": "biometric_kyc", "callback_url": "%s", "source_sdk": "javascript", "source_sdk_version": "3.2.1"}"""
                .formatted(partnerId, TS, signature, receiver.url("/cb")));
        var answer = api.post("/v1/token", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        sensitive.add("web token", json(answer.body()).get("token").asText());
    }

    /** Prep upload (Node style, id_info spread), then a zip with file images and inline base64 ones. */
    private Submitted uploaded(int jobType, String userId, String jobId, boolean idCard, boolean liveness,
            String documentType) throws Exception {
        var who = person("job type " + jobType);
        var idInfo = """
                {"country": "NG", "id_type": "%s", "id_number": "%s", "first_name": "%s", "last_name": "%s",
                 "dob": "%s", "entered": "true"}""".formatted(documentType == null ? "BVN" : documentType,
                who.idNumber(), who.firstName(), who.lastName(), who.dob());
        var prep = sensitive.body("prep upload " + jobType, """
                {"file_name": "selfie.zip", "smile_client_id": "%s", "timestamp": "%s", "signature": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": %d}, "callback_url": "%s",
                 "id_info": %s, "source_sdk": "javascript", "source_sdk_version": "3.2.0"}"""
                .formatted(partnerId, TS, signature, userId, jobId, jobType, receiver.url("/cb"), idInfo));
        var answer = api.post("/v1/upload", prep);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        var uploadUrl = json(answer.body()).get("upload_url").asText();
        sensitive.add("upload URL MAC", uploadUrl.substring(uploadUrl.indexOf("/uploads/")));

        var selfie = image("selfie of job type " + jobType);
        var items = new ArrayList<String>();
        items.add("{\"image_type_id\": 0, \"image\": \"\", \"file_name\": \"selfie.jpg\"}");
        var zip = Zips.builder();
        zip.entry("selfie.jpg", selfie);
        if (idCard) {
            items.add("{\"image_type_id\": 3, \"image\": \"%s\", \"file_name\": \"\"}"
                    .formatted(Base64.getEncoder().encodeToString(image("ID card of job type " + jobType))));
        }
        if (liveness) {
            for (var i = 0; i < 2; i++) {
                items.add("{\"image_type_id\": 6, \"image\": \"%s\", \"file_name\": \"\"}"
                        .formatted(Base64.getEncoder().encodeToString(image("liveness " + i + " of job type " + jobType))));
            }
        }
        var info = """
                {"package_information": {"apiVersion": {"buildNumber": 0, "majorVersion": 3, "minorVersion": 2},
                  "language": "javascript"},
                 "misc_information": {"retry": "false", "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": %d},
                   "timestamp": "%s", "signature": "%s", "file_name": "selfie.zip", "smile_client_id": "%s",
                   "callback_url": "%s", "userData": {}},
                 "id_info": %s,
                 "images": [%s]}""".formatted(userId, jobId, jobType, TS, signature, partnerId, receiver.url("/cb"), idInfo,
                String.join(", ", items));
        sensitive.body("info.json of job type " + jobType, info);
        zip.entry("info.json", info);
        var put = api.putZip(plain(uploadUrl), HttpRequest.BodyPublishers.ofByteArray(zip.build()));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return new Submitted(json(answer.body()).get("smile_job_id").asText(), userId, jobId, jobType);
    }

    private Submitted idVerification(String path, String userId, String jobId, String callbackPath) {
        var who = person(path);
        var body = sensitive.body(path, """
                {"partner_id": "%s", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "NIN",
                 "id_number": "%s", "first_name": "%s", "last_name": "%s", "dob": "%s",
                 "phone_number": "%s", "callback_url": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 5}}"""
                .formatted(partnerId, TS, signature, who.idNumber(), who.firstName(), who.lastName(), who.dob(),
                        sensitive.add(path + " phone number", "+2348" + (100_000_000 + random.nextInt(800_000_000))),
                        receiver.url(callbackPath), userId, jobId));
        var answer = api.post(path, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        var smileJobId = json(answer.body()).path("SmileJobID").asText(json(answer.body()).path("smile_job_id").asText());
        return new Submitted(smileJobId, userId, jobId, 5);
    }

    /** An upload URL (on the public HTTPS base) moved to the plain listener the test talks to. */
    private String plain(String url) {
        return api.publicBase() + url.substring(url.indexOf("/uploads/"));
    }

    private int cli(Map<String, String> env, Consumer<String> out, String... args) {
        var buffer = new java.io.ByteArrayOutputStream();
        var exit = Cli.run(args, env, new PrintStream(buffer, true, StandardCharsets.UTF_8),
                new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        out.accept(buffer.toString(StandardCharsets.UTF_8));
        return exit;
    }

    @Test
    void nothingPersonalOrSecretReachesTheLog(@TempDir Path dataDir) throws Exception {
        try (var backend = backend(dataDir); var callbacks = new Receiver()) {
            receiver = callbacks;
            callbacks.script("/failing", Receiver.Answer.status(500));
            var env = new HashMap<>(TestServer.env(backend, dataDir));
            env.put("VERDICT_LOG_LEVEL", "DEBUG");
            env.put("VERDICT_UPLOAD_MAX_BYTES", Integer.toString(UPLOAD_CAP));
            env.put("VERDICT_ENGINE_POLL", "200ms");
            env.put("VERDICT_CALLBACK_ALLOW_CIDRS", "127.0.0.0/8");
            // the partner exists before the server starts, so no demo credentials are printed
            var created = new JsonNode[1];
            assertThat(cli(env, out -> created[0] = json(out.strip()), "partner", "create", "--name", "Privacy", "--init"))
                    .isZero();
            partnerId = created[0].get("partner_id").asText();
            apiKey = sensitive.add("API key", created[0].get("api_key").asText());
            signature = sensitive.add("signature", new SidSignature(apiKey).sign(TS, partnerId));
            cli(env, out -> json(out.strip()).get("webhook_secrets").forEach(s -> sensitive.add("webhook secret", s.asText())),
                    "partner", "webhook-secret", "--partner", partnerId);
            assertThat(cli(env, out -> legacy = new LegacyClient(sensitive.add("legacy key",
                    json(out.strip()).get("legacy_api_key").asText())), "partner", "legacy-key", "--partner", partnerId))
                    .isZero();
            assertThat(cli(env, out -> {}, "operator", "create", "--name", "reviewer1", "--role", "reviewer")).isZero();

            try (var server = ServerProcess.start(env)) {
                api = server.api();
                var jobs = new ArrayList<Submitted>();
                for (var submission : submissions()) {
                    var submitted = submission.submit();
                    jobs.add(submitted);
                    if (submitted.jobType() == 4) { // authentication needs the enrolment done
                        awaitResult(submitted.smileJobId(), server);
                    }
                }
                webToken();
                for (var job : jobs) {
                    awaitResult(job.smileJobId(), server);
                }
                callbacks.await("/cb", jobs.size() - 1);
                callbacks.await("/failing", 1);

                // job_status with history and image links, and every link fetched
                for (var job : jobs) {
                    var body = sensitive.body("job_status", """
                            {"partner_id": "%s", "user_id": "%s", "job_id": "%s", "timestamp": "%s", "signature": "%s",
                             "image_links": true, "history": true}""".formatted(partnerId, job.userId(), job.jobId(), TS,
                            signature));
                    var status = api.post("/v1/job_status", body);
                    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
                    var links = json(status.body()).path("image_links");
                    for (var link : links) {
                        if (link.isTextual() && link.asText().contains("/images/")) {
                            var url = link.asText();
                            sensitive.add("image link MAC", url.substring(url.indexOf("signature=")));
                            var fetched = api.send(HttpRequest.newBuilder(URI.create(api.publicBase()
                                    + url.substring(url.indexOf("/images/")))).GET().build());
                            assertThat(fetched.statusCode()).isEqualTo(200);
                        }
                    }
                }

                // a reviewer decides the job that went to review
                var reviewed = jobs.getFirst().smileJobId();
                var detail = api.adminJson("/internal/v1/jobs/" + reviewed);
                assertThat(detail.get("state").asText()).isEqualTo("IN_REVIEW");
                assertThat(api.adminPost("/internal/v1/review/" + reviewed + "/claim", "{\"operator\": \"reviewer1\"}")
                        .statusCode()).isEqualTo(200);
                var seq = detail.get("results").size() + 1;
                var decision = api.adminPost("/internal/v1/review/" + reviewed + "/decision", """
                        {"operator": "reviewer1", "decision": "approve", "reason": "documents match", "seq": %d}"""
                        .formatted(seq));
                assertThat(decision.statusCode()).as(decision.body()).isEqualTo(201);
                callbacks.await("/cb", jobs.size());

                // what the callbacks carried: result objects (the ID authority's answer) and their signatures
                for (var received : callbacks.all()) {
                    sensitive.body("callback", received.body());
                    json(received.body()).findParents("ResultCode").forEach(result -> result.properties().forEach(field -> {
                        if (PERSONAL_RESULT_FIELDS.contains(field.getKey()) && field.getValue().asText().length() >= 8) {
                            sensitive.add("callback " + field.getKey(), field.getValue().asText());
                        }
                    }));
                    var signed = json(received.body()).path("signature").asText("");
                    if (!signed.isEmpty()) {
                        sensitive.add("callback signature", signed);
                    }
                    for (var header : List.of("webhook-signature", "Authorization")) {
                        if (received.header(header) != null) {
                            sensitive.add("callback " + header, received.header(header));
                        }
                    }
                }

                hostileInput(server);

                var output = server.output();
                assertThat(output).as("the log was captured").contains("Verdict is ready").contains("unusable")
                        .contains("attempt 1: HTTP 500");
                assertThat(sensitive.size()).isGreaterThan(60);
                assertThat(sensitive.foundIn(output)).as("personal data or secrets in the log").isEmpty();
            }
        }
    }

    private void awaitResult(String smileJobId, ServerProcess server) throws InterruptedException {
        Poll.atMost(Duration.ofSeconds(60)).every(Duration.ofMillis(100)).until(
                () -> api.adminJson("/internal/v1/jobs/" + smileJobId).path("results").size() > 0,
                () -> "a result for " + smileJobId + "\n" + server.output());
    }

    /** Refused and hostile requests, each carrying personal data where a careless log line would show it. */
    private void hostileInput(ServerProcess server) throws Exception {
        var who = person("hostile");
        var selfie = image("hostile selfie");
        var refused = new ArrayList<HttpResponse<String>>();
        // bad JSON (cut short after personal data) on every v1 JSON endpoint
        for (var path : List.of("/v1/job_status", "/v1/upload", "/v1/id_verification", "/v1/async_id_verification")) {
            refused.add(api.post(path, sensitive.body("bad JSON", "{\"partner_id\": \"%s\", \"id_number\": \"%s\", \"first_name\": \"%s\""
                    .formatted(partnerId, who.idNumber(), who.firstName()))));
        }
        // a wrong signature
        var badSignature = sensitive.add("wrong signature", Base64.getEncoder().encodeToString(
                letters(32).getBytes(StandardCharsets.US_ASCII)));
        refused.add(api.post("/v1/id_verification", sensitive.body("bad signature", """
                {"partner_id": "%s", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "NIN",
                 "id_number": "%s", "first_name": "%s", "last_name": "%s", "dob": "%s",
                 "partner_params": {"user_id": "hostile", "job_id": "hostile-1", "job_type": 5}}"""
                .formatted(partnerId, TS, badSignature, who.idNumber(), who.firstName(), who.lastName(), who.dob()))));
        refused.add(api.post("/v1/job_status", sensitive.body("bad signature job_status", """
                {"partner_id": "%s", "user_id": "hostile", "job_id": "hostile-1", "timestamp": "%s", "signature": "%s"}"""
                .formatted(partnerId, TS, badSignature))));
        // an image link with a forged MAC
        refused.add(api.get("/images/" + "x".repeat(24) + "?expires=9999999999&signature=" + badSignature));

        // zips: garbage after a zip signature, over the cap, bad base64, info.json that is not JSON
        var zips = new ArrayList<byte[]>();
        var garbage = new byte[64 * 1024];
        random.nextBytes(garbage);
        garbage[0] = 'P';
        garbage[1] = 'K';
        garbage[2] = 3;
        garbage[3] = 4;
        System.arraycopy(selfie, 0, garbage, 100, Math.min(selfie.length, garbage.length - 100));
        zips.add(garbage);
        var big = new byte[UPLOAD_CAP + 1024];
        random.nextBytes(big);
        zips.add(Zips.builder().entry("info.json", "{}").entry("filler.bin", big).build());
        var selfieBase64 = Base64.getEncoder().encodeToString(selfie);
        zips.add(Zips.builder().entry("info.json", sensitive.body("bad base64 info.json", """
                {"id_info": {"id_number": "%s", "first_name": "%s"},
                 "images": [{"image_type_id": 2, "image": "%s%%%%not-base64!!", "file_name": ""}]}"""
                .formatted(who.idNumber(), who.firstName(), selfieBase64))).build());
        zips.add(Zips.builder().entry("info.json", sensitive.body("broken info.json",
                "{\"id_info\": {\"id_number\": \"%s\", \"last_name\": \"%s\", \"dob\": \"%s\"}, \"images\": [".formatted(
                        who.idNumber(), who.lastName(), who.dob()))).build());
        for (var i = 0; i < zips.size(); i++) {
            var prep = api.post("/v1/upload", """
                    {"smile_client_id": "%s", "timestamp": "%s", "signature": "%s",
                     "partner_params": {"user_id": "hostile", "job_id": "hostile-zip-%d", "job_type": 1}}"""
                    .formatted(partnerId, TS, signature, i));
            assertThat(prep.statusCode()).as(prep.body()).isEqualTo(200);
            var url = json(prep.body()).get("upload_url").asText();
            sensitive.add("upload URL MAC", url.substring(url.indexOf("/uploads/")));
            refused.add(api.putZip(plain(url), HttpRequest.BodyPublishers.ofByteArray(zips.get(i))));
        }
        // the internal API: bytes that are no image, a result with personal data in a bad field
        var notAnImage = ("GIF89a " + who.firstName() + " " + who.idNumber()).getBytes(StandardCharsets.US_ASCII);
        refused.add(api.admin("PUT", "/internal/v1/jobs/0000000001/images/selfie",
                HttpRequest.BodyPublishers.ofByteArray(notAnImage)));
        refused.add(api.adminPost("/internal/v1/jobs", sensitive.body("bad internal job", """
                {"partner_id": "%s", "user_id": "%s", "job_id": "%s", "job_type": 99}"""
                .formatted(partnerId, who.idNumber(), who.lastName()))));
        for (var response : refused) {
            assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isNotEqualTo(500);
        }
    }
}
