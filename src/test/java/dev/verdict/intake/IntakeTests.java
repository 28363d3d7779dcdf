package dev.verdict.intake;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.images.ImageCipher;
import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.Node;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.Zeros;
import dev.verdict.testing.Zips;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Intake through a real HTTPS server on SQLite and PostgreSQL: the prep upload with every SDK's quirks,
 * the signed upload URL, every SDK's zip layout, hostile zips, ID verification and the official
 * Node SDK's submission.
 */
abstract class IntakeTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    /** Small, so an over-cap upload is cheap to send. */
    private static final int UPLOAD_CAP = 4 * 1024 * 1024;

    IssuedKey partner;
    byte[] selfie = Images.jpeg(64, 64);
    byte[] idCard = Images.png(80, 50);

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_UPLOAD_MAX_BYTES", Integer.toString(UPLOAD_CAP));
        env.put("VERDICT_SANDBOX_JOB_TYPES", "none"); // intake alone: received jobs stay RECEIVED
        try { // an upload a crash interrupted, left for the server to remove when it starts
            Files.createDirectories(dataDir.resolve("tmp"));
            Files.write(dataDir.resolve("tmp").resolve("upload-interrupted.zip"), new byte[64 * 1024]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void started() throws Exception {
        partner = server.createPartner("Intake partner");
        server.app().services().partners().setCallback(partner.partnerId(), "http://127.0.0.1:9/default");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private String signature(IssuedKey key) {
        return new SidSignature(key.apiKey()).sign(TS, Long.toString(key.partnerId()));
    }

    /**
     * A prep upload body as the Node SDK sends it (id_info spread into the top level); {@code extra}
     * may set {@code use_enrolled_image} instead of its default (a key given twice is refused).
     */
    private String prepBody(IssuedKey key, String userId, String jobId, Object jobType, String extra) {
        var body = """
                {"file_name": "selfie.zip", "smile_client_id": "%d", "partner_params": {"user_id": "%s", "job_id": "%s",
                 "job_type": %s, "optional_info": "kept"}, "model_parameters": {}, "callback_url": "http://127.0.0.1:9/cb",
                 "timestamp": "%s", "signature": "%s", "source_sdk": "javascript", "source_sdk_version": "3.2.1",
                 "use_enrolled_image": false, "country": "NG", "id_type": "BVN", "id_number": "12345678901",
                 "entered": "true"%s}"""
                .formatted(key.partnerId(), userId, jobId, jobType instanceof String s ? "\"" + s + "\"" : jobType, TS,
                        signature(key), extra.isEmpty() ? "" : ", " + extra);
        return extra.contains("\"use_enrolled_image\"") ? body.replace("\"use_enrolled_image\": false, ", "") : body;
    }

    private HttpResponse<String> prep(String body) {
        return server.post("/v1/upload", body);
    }

    /** Prep-uploads a job and returns the answer. */
    private JsonNode prepared(String userId, String jobId, int jobType) {
        var response = prep(prepBody(partner, userId, jobId, jobType, ""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private HttpResponse<String> put(String url, byte[] zip) {
        return server.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
    }

    private JsonNode job(String smileJobId) {
        return json(server.admin("GET", "/internal/v1/jobs/" + smileJobId, HttpRequest.BodyPublishers.noBody()).body());
    }

    private JsonNode status(String userId, String jobId) {
        return json(server.post("/v1/job_status", SignedRequests.jobStatus(partner, userId, jobId, TS, false, false)).body());
    }

    private static void assertError(HttpResponse<String> response, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(code.equals("2401") ? 500 : 400);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(json(response.body()).get("code").asText()).isEqualTo(code);
    }

    // ---- prep upload -----------------------------------------------------------------------------------

    @Test
    void prepUploadAnswersAStringOnlyBodyWithAnUploadUrlAndTheJobIsQueryableAtOnce() {
        var user = unique("user");
        var jobId = unique("job");
        var answer = prepared(user, jobId, 4);
        assertThat(answer.fieldNames()).toIterable()
                .containsExactly("upload_url", "ref_id", "smile_job_id", "camera_config", "code");
        answer.properties().forEach(e -> assertThat(e.getValue().isTextual()).as(e.getKey()).isTrue());
        assertThat(answer.get("code").asText()).isEqualTo("2202");
        assertThat(answer.get("camera_config").asText()).isEqualTo("null");
        var smileJobId = answer.get("smile_job_id").asText();
        assertThat(smileJobId).matches("\\d{10}");
        assertThat(answer.get("ref_id").asText()).matches(partner.partnerId() + "-" + smileJobId + "-[a-z0-9]{30}");
        assertThat(answer.get("upload_url").asText()).startsWith(server.httpsBase() + "/uploads/" + smileJobId + "/");

        var status = status(user, jobId);
        assertThat(status.get("code").asText()).isEqualTo("2314");
        assertThat(status.get("result").asText()).isEqualTo("No zip file received");
        var job = job(smileJobId);
        assertThat(job.get("state").asText()).isEqualTo("CREATED");
        assertThat(job.get("callback_url").asText()).isEqualTo("http://127.0.0.1:9/cb");
    }

    @Test
    void prepUploadAcceptsEverySdksQuirks() {
        // PHP: no Content-Type, pretty-printed, model_parameters "", job_type as a string
        var php = prepBody(partner, unique("u"), unique("php"), "4", "").replace("\"model_parameters\": {}",
                "\"model_parameters\": \"\"").replace(", ", ",\n    ");
        var response = server.send(HttpRequest.newBuilder(URI.create(server.httpsBase() + "/v1/upload"))
                .POST(HttpRequest.BodyPublishers.ofString(php)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        // Ruby: a callback_url that is not a URL is replaced by the partner's default
        var ruby = prepBody(partner, unique("u"), unique("rb"), 4, "")
                .replace("\"http://127.0.0.1:9/cb\"", "\"www.default_callback.com\"");
        var rubyAnswer = json(prep(ruby).body());
        assertThat(job(rubyAnswer.get("smile_job_id").asText()).get("callback_url").asText())
                .isEqualTo("http://127.0.0.1:9/default");

        // iOS: flags as strings; a missing callback_url falls back to the default too
        var ios = prepBody(partner, unique("u"), unique("ios"), 4, "\"retry\": \"false\", \"allow_new_enroll\": \"false\"")
                .replace("\"callback_url\": \"http://127.0.0.1:9/cb\",", "");
        assertThat(prep(ios).statusCode()).isEqualTo(200);

        // Python with a trailing slash in its base URL
        assertThat(server.post("/v1//upload", prepBody(partner, unique("u"), unique("py"), 2 + 2, "")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void prepUploadRefusesBadRequestsWithTheirCodesAndStoresNothing() {
        var user = unique("user");
        assertError(prep("{not json"), "2203");
        assertError(prep("[]"), "2203");
        assertError(prep(prepBody(partner, user, unique("j"), 4, "").replace("\"signature\"", "\"sig\"")), "2213");
        assertError(prep(prepBody(partner, user, unique("j"), 4, "").replace(signature(partner), "AAAA" + signature(partner).substring(4))), "2205");
        var nullParams = "{\"smile_client_id\": \"%d\", \"partner_params\": null, \"timestamp\": \"%s\", \"signature\": \"%s\"}"
                .formatted(partner.partnerId(), TS, signature(partner));
        assertError(prep(nullParams), "2212");
        assertError(prep(prepBody(partner, user, unique("j"), 5, "")), "2212");
        assertError(prep(prepBody(partner, user, unique("j"), "abc", "")), "2212");
        assertError(prep(prepBody(partner, "", unique("j"), 4, "")), "2213");
        // nothing was created for this user
        assertThat(status(user, "anything").get("code").asText()).isEqualTo("2310");
    }

    @Test
    void aJobIdIsUsedOnceUnlessRetryReopensAnUnfinishedJob() {
        var user = unique("user");
        var jobId = unique("job");
        var first = prepared(user, jobId, 4);
        assertError(prep(prepBody(partner, user, jobId, 4, "")), "2215");
        var retried = json(prep(prepBody(partner, user, jobId, 4, "\"retry\": \"true\"")).body());
        assertThat(retried.get("smile_job_id").asText()).isEqualTo(first.get("smile_job_id").asText());
        assertThat(retried.get("upload_url").asText()).isNotEqualTo(first.get("upload_url").asText());
        // the first URL was replaced by the retry
        var superseded = put(first.get("upload_url").asText(), Zips.java(user, jobId, 4, selfie));
        assertThat(superseded.statusCode()).isEqualTo(403);
        assertThat(json(superseded.body()).get("code").asText()).isEqualTo("upload_url_superseded");
        assertThat(put(retried.get("upload_url").asText(), Zips.java(user, jobId, 4, selfie)).statusCode()).isEqualTo(200);
        // received: a retry can no longer reopen it
        assertError(prep(prepBody(partner, user, jobId, 4, "\"retry\": true")), "2215");

        // a failed job may be retried: same smile_job_id, and job_status waits for the new zip
        var failedJob = unique("failed");
        var failed = prepared(user, failedJob, 4);
        put(failed.get("upload_url").asText(), Zips.builder().entry("nothing.txt", "no info.json").build());
        assertThat(status(user, failedJob).get("job_complete").booleanValue()).isTrue();
        var again = json(prep(prepBody(partner, user, failedJob, 4, "\"retry\": true")).body());
        assertThat(again.get("smile_job_id").asText()).isEqualTo(failed.get("smile_job_id").asText());
        var waiting = status(user, failedJob);
        assertThat(waiting.get("code").asText()).isEqualTo("2314");
        assertThat(waiting.get("job_complete").booleanValue()).isFalse();
    }

    @Test
    void enrolmentRulesAnswer2210And2209And2207() throws Exception {
        var stranger = unique("stranger");
        assertError(prep(prepBody(partner, stranger, unique("j"), 2, "")), "2210");
        assertError(prep(prepBody(partner, stranger, unique("j"), 6, "\"use_enrolled_image\": true")), "2210");
        assertThat(prep(prepBody(partner, stranger, unique("j"), 6, "\"use_enrolled_image\": null")).statusCode()).isEqualTo(200);

        var enrolled = unique("enrolled");
        server.app().database().run(c -> server.app().services().users().enrol(c, partner.partnerId(), enrolled, null));
        assertError(prep(prepBody(partner, enrolled, unique("j"), 4, "")), "2209");
        assertError(prep(prepBody(partner, enrolled, unique("j"), 1, "")), "2209");
        assertThat(prep(prepBody(partner, enrolled, unique("j"), 4, "\"allow_new_enroll\": \"true\"")).statusCode()).isEqualTo(200);
        assertThat(prep(prepBody(partner, enrolled, unique("j"), 2, "")).statusCode()).isEqualTo(200);

        server.app().services().users().disable(partner.partnerId(), enrolled);
        assertError(prep(prepBody(partner, enrolled, unique("j"), 2, "")), "2207");
    }

    // ---- the upload URL ---------------------------------------------------------------------------------

    @Test
    void everySdksZipLayoutIsAccepted() {
        var pid = Long.toString(partner.partnerId());
        Map<String, Function<String[], byte[]>> layouts = Map.of(
                "node", ids -> Zips.node(pid, ids[0], ids[1], 1, selfie, idCard),
                "python", ids -> Zips.python(ids[0], ids[1], 1, selfie, idCard),
                "java", ids -> Zips.java(ids[0], ids[1], 4, selfie),
                "php", ids -> Zips.php(ids[0], ids[1], 4, selfie),
                "ruby", ids -> Zips.ruby(pid, ids[0], ids[1], 1, selfie, idCard));
        for (var layout : layouts.entrySet()) {
            var user = unique(layout.getKey());
            var jobId = unique("job");
            var jobType = layout.getKey().equals("java") || layout.getKey().equals("php") ? 4 : 1;
            var answer = prepared(user, jobId, jobType);
            var response = put(answer.get("upload_url").asText(), layout.getValue().apply(new String[] {user, jobId}));
            assertThat(response.statusCode()).as(layout.getKey() + ": " + response.body()).isEqualTo(200);
            var job = job(answer.get("smile_job_id").asText());
            assertThat(job.get("state").asText()).as(layout.getKey()).isEqualTo("RECEIVED");
            var kinds = job.get("images").findValuesAsText("kind");
            assertThat(kinds).as(layout.getKey()).contains("selfie");
            if (jobType == 1) {
                assertThat(kinds).as(layout.getKey()).contains("id_card_front");
            }
            var status = status(user, jobId);
            assertThat(status.get("code").asText()).isEqualTo("2302");
            assertThat(status.get("job_complete").booleanValue()).isFalse();
        }
    }

    @Test
    void transportFaultsAnswerJson4xxAndLeaveTheUrlUsable() throws Exception {
        var user = unique("user");
        var jobId = unique("job");
        var answer = prepared(user, jobId, 4);
        var url = answer.get("upload_url").asText();
        var zip = Zips.java(user, jobId, 4, selfie);

        var tampered = put(url.replace("signature=", "signature=x"), zip);
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(json(tampered.body()).get("code").asText()).isEqualTo("upload_url_invalid");
        var otherJob = url.replace("/uploads/" + answer.get("smile_job_id").asText(), "/uploads/0000000001");
        assertThat(put(otherJob, zip).statusCode()).isEqualTo(403);
        var notZip = put(url, "this is not a zip".getBytes(StandardCharsets.UTF_8));
        assertThat(notZip.statusCode()).isEqualTo(400);
        assertThat(json(notZip.body()).get("code").asText()).isEqualTo("not_a_zip");

        // streamed without a length, far over the cap
        var huge = server.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> Zeros.of(UPLOAD_CAP * 8L))).build());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json(huge.body()).get("code").asText()).isEqualTo("2303");
        assertThat(job(answer.get("smile_job_id").asText()).get("state").asText()).isEqualTo("CREATED");

        // the same URL still works, and a second PUT changes nothing
        assertThat(put(url, zip).statusCode()).isEqualTo(200);
        assertThat(job(answer.get("smile_job_id").asText()).get("images")).hasSize(1);
        var second = put(url, Zips.node(Long.toString(partner.partnerId()), user, jobId, 4, selfie, idCard));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(job(answer.get("smile_job_id").asText()).get("images")).hasSize(1);

        var late = prepared(user, unique("late"), 4);
        clock.advance(UploadUrls.LIFETIME.plusSeconds(1));
        var expired = put(late.get("upload_url").asText(), zip);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(json(expired.body()).get("code").asText()).isEqualTo("upload_url_expired");
        assertThat(job(late.get("smile_job_id").asText()).get("state").asText()).isEqualTo("CREATED");
        assertThat(Files.list(dataDir.resolve("tmp"))).isEmpty();
    }

    @Test
    void hostileZipsEndTheJobWithAFinalErrorResult() {
        var bigZeros = new byte[20 * 1024 * 1024];
        var manyEntries = Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg")).entry("selfie.jpg", selfie);
        for (int i = 0; i < 20_000; i++) {
            manyEntries.entry("f" + i, new byte[0]);
        }
        Map<String, Object[]> cases = new java.util.LinkedHashMap<>();
        cases.put("no info.json", new Object[] {Zips.builder().entry("selfie.jpg", selfie).build(), "0903"});
        cases.put("info.json not JSON", new Object[] {Zips.builder().entry("info.json", "{oops").entry("selfie.jpg", selfie).build(), "0903"});
        cases.put("info.json an array", new Object[] {Zips.builder().entry("info.json", "[]").build(), "0903"});
        cases.put("traversal name", new Object[] {Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg"))
                .entry("selfie.jpg", selfie).entry("../../etc/cron.d/x", "boom").build(), "0903"});
        cases.put("absolute name", new Object[] {Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg"))
                .entry("/etc/passwd", "boom").entry("selfie.jpg", selfie).build(), "0903"});
        cases.put("duplicate info.json", new Object[] {Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg"))
                .entry("info.json", "{}").entry("selfie.jpg", selfie).build(), "0903"});
        cases.put("duplicate selfie", new Object[] {Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg"))
                .entry("selfie.jpg", selfie).entry("selfie.jpg", idCard).build(), "0903"});
        cases.put("tens of thousands of entries", new Object[] {manyEntries.build(), "0903"});
        cases.put("huge info.json", new Object[] {Zips.builder().entry("info.json", "{\"images\": []" + " ".repeat(2_000_000) + "}")
                .build(), "0903"});
        cases.put("bomb as the selfie", new Object[] {Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg"))
                .entry("selfie.jpg", bigZeros).build(), "0903"});
        cases.put("broken base64", new Object[] {Zips.builder().entry("info.json",
                "{\"images\": [{\"image_type_id\": 2, \"image\": \"%%%not base64%%%\"}]}").build(), "0903"});
        cases.put("invalid UTF-8 name", new Object[] {Zips.builder().charset(StandardCharsets.ISO_8859_1)
                .entry("info.json", Zips.infoWithSelfie("s\u00e9lfie.jpg")).entry("s\u00e9lfie.jpg", selfie).build(), "0903"});
        cases.put("fake image", new Object[] {Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg"))
                .entry("selfie.jpg", "<html>not an image</html>").build(), "0001"});
        cases.put("truncated header", new Object[] {Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg"))
                .entry("selfie.jpg", new byte[] {(byte) 0xff}).build(), "0001"});
        cases.put("missing selfie", new Object[] {Zips.builder().entry("info.json", Zips.infoWithSelfie("elsewhere.jpg"))
                .entry("selfie.jpg", selfie).build(), "0001"});
        cases.put("corrupt archive", new Object[] {corrupt(Zips.java("u", "j", 4, selfie)), "0903"});

        for (var entry : cases.entrySet()) {
            var user = unique("hostile");
            var jobId = unique("job");
            var answer = prepared(user, jobId, 4);
            var response = put(answer.get("upload_url").asText(), (byte[]) entry.getValue()[0]);
            assertThat(response.statusCode()).as(entry.getKey() + ": " + response.body()).isEqualTo(200);
            var status = status(user, jobId);
            assertThat(status.get("job_complete").booleanValue()).as(entry.getKey()).isTrue();
            assertThat(status.get("job_success").booleanValue()).as(entry.getKey()).isFalse();
            assertThat(status.get("result").get("ResultCode").asText()).as(entry.getKey()).isEqualTo(entry.getValue()[1]);
            var job = job(answer.get("smile_job_id").asText());
            assertThat(job.get("state").asText()).as(entry.getKey()).isEqualTo("FAILED");
            assertThat(job.get("images")).as(entry.getKey()).isEmpty();
        }
        var health = server.send(HttpRequest.newBuilder(URI.create(server.httpsBase() + "/health")).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    /** Bytes of image files in the data directory (the file image store; none with the database store). */
    private long imageFileBytes() throws IOException {
        var images = dataDir.resolve("images");
        if (!Files.isDirectory(images)) {
            return 0;
        }
        try (var files = Files.walk(images)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private boolean fileImageStore() {
        return !"database".equals(server.env().get("VERDICT_IMAGE_STORE"));
    }

    private static String imageItem(int type, String fileName) {
        return "{\"image_type_id\": " + type + ", \"image\": \"\", \"file_name\": \"" + fileName + "\"}";
    }

    /** A zip of info.json listing these images, and these entries. */
    private static byte[] zipOf(List<String> items, Map<String, byte[]> entries) {
        var zip = Zips.builder().entry("info.json", "{\"images\": [" + String.join(", ", items) + "]}");
        entries.forEach(zip::entry);
        return zip.build();
    }

    @Test
    void aZipLeavesOnlyTheImagesItsJobUsesAndAFailedZipNothing() throws Exception {
        var padding = new byte[9 * 1024 * 1024]; // zeros: a few kilobytes once deflated
        var frame = Images.jpeg(48, 48);
        var imagesBefore = imageFileBytes();

        // job type 4 uses one selfie and the liveness frames: a second selfie, ID card images and
        // entries info.json does not list are never written out
        var user = unique("disk");
        var jobId = unique("job");
        var answer = prepared(user, jobId, 4);
        var zip = zipOf(List.of(imageItem(0, "selfie.jpg"), imageItem(0, "selfie-again.jpg"), imageItem(1, "id.png"),
                        imageItem(5, "id-back.png"), imageItem(4, "frame-1.jpg"), imageItem(4, "frame-2.jpg")),
                Map.of("selfie.jpg", selfie, "selfie-again.jpg", Images.checkerboard(64, 64), "id.png", idCard,
                        "id-back.png", idCard, "frame-1.jpg", frame, "frame-2.jpg", frame, "unlisted.bin", padding));
        assertThat(put(answer.get("upload_url").asText(), zip).statusCode()).isEqualTo(200);
        var job = job(answer.get("smile_job_id").asText());
        assertThat(job.get("state").asText()).isEqualTo("RECEIVED");
        assertThat(job.get("images").findValuesAsText("kind")).containsExactlyInAnyOrder("selfie", "liveness", "liveness");
        var kept = (long) selfie.length + 2L * frame.length;
        assertThat(job.get("images").findValues("size_bytes").stream().mapToLong(JsonNode::asLong).sum()).isEqualTo(kept);
        assertThat(imageFileBytes() - imagesBefore).isEqualTo(fileImageStore() ? kept + 3L * ImageCipher.OVERHEAD : 0);

        // zips that fail keep nothing: images that expand hugely (zeros after a PNG signature, zeros
        // after a whole JPEG), a PNG signature with no readable header, a zip missing the selfie
        var junkFrame = Arrays.copyOf(Images.png(40, 40), 9 * 1024 * 1024);
        Arrays.fill(junkFrame, 8, junkFrame.length, (byte) 0);
        Map<String, byte[]> failing = new java.util.LinkedHashMap<>();
        failing.put("padded frames", zipOf(List.of(imageItem(0, "selfie.jpg"), imageItem(4, "f1.png"), imageItem(4, "f2.png"),
                imageItem(4, "f3.png"), imageItem(4, "f4.png"), imageItem(4, "f5.png")), Map.of("selfie.jpg", selfie,
                "f1.png", junkFrame, "f2.png", junkFrame, "f3.png", junkFrame, "f4.png", junkFrame, "f5.png", junkFrame)));
        failing.put("padded selfie", zipOf(List.of(imageItem(0, "selfie.jpg")),
                Map.of("selfie.jpg", Arrays.copyOf(selfie, 9 * 1024 * 1024))));
        failing.put("junk selfie", zipOf(List.of(imageItem(0, "selfie.png")),
                Map.of("selfie.png", Arrays.copyOf(Images.png(40, 40), 20))));
        failing.put("missing selfie", zipOf(List.of(imageItem(0, "selfie.jpg")),
                Map.of("other.jpg", selfie, "big-1.bin", padding, "big-2.bin", padding)));
        for (var entry : failing.entrySet()) {
            var failingUser = unique("disk");
            var failingJob = unique("job");
            var failed = prepared(failingUser, failingJob, 4);
            assertThat(put(failed.get("upload_url").asText(), entry.getValue()).statusCode()).isEqualTo(200);
            var failedJob = job(failed.get("smile_job_id").asText());
            assertThat(failedJob.get("state").asText()).as(entry.getKey()).isEqualTo("FAILED");
            assertThat(failedJob.get("images")).as(entry.getKey()).isEmpty();
        }
        assertThat(imageFileBytes() - imagesBefore).isEqualTo(fileImageStore() ? kept + 3L * ImageCipher.OVERHEAD : 0);
        try (var temporary = Files.list(dataDir.resolve("tmp"))) {
            assertThat(temporary).isEmpty();
        }
    }

    /** A zip whose central directory is damaged (the local header still says "PK\3\4"). */
    private static byte[] corrupt(byte[] zip) {
        var copy = zip.clone();
        for (int i = copy.length - 60; i < copy.length - 10; i++) {
            copy[i] = (byte) 0x5a;
        }
        return copy;
    }

    // ---- ID verification ------------------------------------------------------------------------------

    private String idBody(IssuedKey key, String userId, String jobId, int jobType, String idNumber) {
        return """
                {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "BVN",
                 "id_number": "%s", "first_name": "Ada", "partner_params": {"user_id": "%s", "job_id": "%s",
                 "job_type": %d}, "source_sdk": "javascript"}"""
                .formatted(key.partnerId(), TS, signature(key), idNumber, userId, jobId, jobType);
    }

    @Test
    void idVerificationAnswersASignedResultAtOnce() {
        var user = unique("kyc");
        var jobId = unique("job");
        var response = server.post("/v1/id_verification", idBody(partner, user, jobId, 5, "12345678901"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = json(response.body());
        assertThat(body.get("ResultCode").asText()).isEqualTo("1012");
        assertThat(body.get("ResultText").asText()).isEqualTo("ID Validated");
        assertThat(body.get("FullName").asText()).isNotBlank();
        assertThat(body.get("Actions").get("Verify_ID_Number").asText()).isEqualTo("Verified");
        assertThat(body.get("PartnerParams").get("job_id").asText()).isEqualTo(jobId);
        assertThat(body.get("SmileJobID").asText()).matches("\\d{10}");
        assertThat(new SidSignature(partner.apiKey()).verifies(body.get("signature").asText(),
                body.get("timestamp").asText(), Long.toString(partner.partnerId()))).isTrue();
        var status = status(user, jobId);
        assertThat(status.get("job_complete").booleanValue()).isTrue();
        assertThat(status.get("job_success").booleanValue()).isTrue();

        var notFound = json(server.post("/v1/id_verification", idBody(partner, user, unique("nf"), 5, "12345670000")).body());
        assertThat(notFound.get("ResultCode").asText()).isEqualTo("1013");

        assertError(server.post("/v1/id_verification", idBody(partner, user, jobId, 5, "12345678901")), "2215");
        assertError(server.post("/v1/id_verification", idBody(partner, user, unique("j"), 1, "12345678901")), "2212");
        assertError(server.post("/v1/id_verification", idBody(partner, user, unique("j"), 5, "12345678901")
                .replace("\"id_number\"", "\"idnumber\"")), "2413");
        assertError(server.post("/v1/id_verification", idBody(partner, user, unique("j"), 5, "1")
                .replace(signature(partner), "bad")), "2405");
        assertError(server.post("/v1/id_verification", "nope"), "2413");
    }

    @Test
    void asyncIdVerificationAcceptsTheJobForLater() {
        var user = unique("async");
        var jobId = unique("job");
        var response = server.post("/v1/async_id_verification", idBody(partner, user, jobId, 5, "12345678901"));
        assertThat(response.statusCode()).isEqualTo(200);
        var body = json(response.body());
        assertThat(body.get("success").booleanValue()).isTrue();
        assertThat(body.get("smile_job_id").asText()).matches("\\d{10}");
        assertThat(status(user, jobId).get("code").asText()).isEqualTo("2302");
    }

    @Test
    void servicesListsTheSupportedIdTypes() {
        var response = server.send(HttpRequest.newBuilder(URI.create(server.httpsBase() + "/v1/services")).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).get("id_types").get("NG").get("BVN").get(0).asText()).isEqualTo("id_number");
    }

    // ---- the official Node SDK --------------------------------------------------------------------------

    @Test
    @StartsProcesses
    void theOfficialNodeSdkSubmitsAJobOverHttps() throws Exception {
        var images = dataDir.resolve("node-images");
        Files.createDirectories(images);
        Files.write(images.resolve("selfie.jpg"), selfie);
        Files.write(images.resolve("id.png"), idCard);
        var user = unique("node");
        var jobId = unique("job");
        var env = Map.of(
                "NODE_EXTRA_CA_CERTS", server.caPath().toString(),
                "SERVER", "127.0.0.1:" + server.env().get("VERDICT_HTTPS_PORT") + "/v1",
                "PARTNER_ID", Long.toString(partner.partnerId()),
                "API_KEY", partner.apiKey(),
                "CALLBACK", "http://127.0.0.1:9/node",
                "PARTNER_PARAMS", "{\"user_id\": \"%s\", \"job_id\": \"%s\", \"job_type\": 1}".formatted(user, jobId),
                "IMAGES", "[{\"image_type_id\": 0, \"image\": \"%s\"}, {\"image_type_id\": 1, \"image\": \"%s\"}]"
                        .formatted(images.resolve("selfie.jpg"), images.resolve("id.png")),
                "ID_INFO", "{\"country\": \"NG\", \"id_type\": \"BVN\", \"id_number\": \"12345678901\", \"entered\": true}",
                "OPTIONS", "{\"return_job_status\": false}");
        var result = Node.run("submit-job.js", List.of(), env);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        var answer = json(result.stdout());
        assertThat(answer.get("success").booleanValue()).isTrue();
        var job = job(answer.get("smile_job_id").asText());
        assertThat(job.get("state").asText()).isEqualTo("RECEIVED");
        assertThat(job.get("images").findValuesAsText("kind")).contains("selfie", "id_card_front");
        assertThat(job.get("callback_url").asText()).isEqualTo("http://127.0.0.1:9/node");
    }

}
