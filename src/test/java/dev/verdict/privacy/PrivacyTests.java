package dev.verdict.privacy;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.cli.Cli;
import dev.verdict.db.Dialect;
import dev.verdict.operators.OperatorRole;
import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Retention and erasure (docs/privacy.md) on a real server: the purge with the clock moved, erasure
 * through the internal API and the CLI, and after an erasure a search of the raw database and the
 * image store for the person's ID number, names, photo and image bytes.
 */
abstract class PrivacyTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();

    private String admin;

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_RETENTION_INTERVAL", "1h"); // the test runs the purge itself, with the clock moved
        env.put("VERDICT_CALLBACK_RETRY_INITIAL", "1h"); // a failed callback stays PENDING for the test's length
    }

    @Override
    protected void started() {
        admin = "privacy-admin";
        server.app().services().operators().create(admin, OperatorRole.ADMIN);
    }

    /** A person with markers found nowhere else: an ID number, names and a photo. */
    private record Person(String userId, String idNumber, String firstName, String lastName, String photo,
            String address) {
        static Person next() {
            var n = COUNTER.incrementAndGet();
            var digits = new StringBuilder("7");
            while (digits.length() < 10) {
                digits.append(RANDOM.nextInt(10));
            }
            digits.append(1 + RANDOM.nextInt(8)); // never the magic endings 0000 / 9999
            var tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            return new Person("person-" + n + "-" + tag, digits.toString(), "Zebulonia" + tag, "Quextrapolis" + tag,
                    "UGhvdG9PZk" + tag + "QmFzZTY0", "12 Lagoon Road " + tag);
        }

        List<String> markers() {
            return List.of(idNumber, firstName, lastName, photo, address);
        }
    }

    private IssuedKey partner(String name) {
        var key = server.createPartner(name + "-" + COUNTER.incrementAndGet());
        // every job of this partner gets a callback that cannot be delivered: it stays PENDING
        server.app().services().partners().setCallback(key.partnerId(), "http://127.0.0.1:9/cb");
        return key;
    }

    private static String signature(IssuedKey key) {
        return new SidSignature(key.apiKey()).sign(TS, Long.toString(key.partnerId()));
    }

    /** A synchronous ID check (JT5): the engine's own result, with the issuer's names and the ID number. */
    private JsonNode idVerification(IssuedKey key, Person person, String jobId) {
        var body = """
                {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "BVN",
                 "id_number": "%s", "first_name": "%s", "last_name": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 5, "home": "%s"}}"""
                .formatted(key.partnerId(), TS, signature(key), person.idNumber(), person.firstName(),
                        person.lastName(), person.userId(), jobId, person.address());
        var response = server.post("/v1/id_verification", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** A JT1 job through the internal API with two images and results carrying every kind of ID field. */
    private String biometricJob(IssuedKey key, Person person, String jobId, boolean finalResult) {
        var smileJobId = server.createJob(key.partnerId(), person.userId(), jobId, 1, "RECEIVED");
        server.putImage(smileJobId, "selfie", selfie(person));
        server.putImage(smileJobId, "id_card_front", Images.png(90, 60));
        server.recordResult(smileJobId, 1, "1012", idFields(person));
        server.recordResult(smileJobId, 2, finalResult ? "0810" : "0814", "\"ConfidenceValue\": \"99\"");
        return smileJobId;
    }

    private static String idFields(Person person) {
        return """
                "ResultType": "ID Verification", "Country": "NG", "IDType": "BVN", "IDNumber": "%s",
                "FullName": "%s %s", "DOB": "1990-01-01", "Photo": "%s", "Address": "%s", "PhoneNumber": "+2348000000",
                "FullData": {"first_name": "%s"}""".formatted(person.idNumber(), person.firstName(),
                person.lastName(), person.photo(), person.address(), person.firstName());
    }

    /** A selfie whose bytes are this person's own: a JPEG with bytes of its own after its end marker. */
    private static byte[] selfie(Person person) {
        var jpeg = Images.jpeg(64, 80);
        var own = selfieTail(person);
        var bytes = java.util.Arrays.copyOf(jpeg, jpeg.length + own.length);
        System.arraycopy(own, 0, bytes, jpeg.length, own.length);
        return bytes;
    }

    private static byte[] selfieTail(Person person) {
        return ("selfie of " + person.userId()).getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode status(IssuedKey key, String userId, String jobId, boolean links, boolean history) {
        return json(server.post("/v1/job_status", SignedRequests.jobStatus(key, userId, jobId, TS, links, history))
                .body());
    }

    private JsonNode job(String smileJobId) {
        return json(server.admin("GET", "/internal/v1/jobs/" + smileJobId, HttpRequest.BodyPublishers.noBody()).body());
    }

    private java.net.http.HttpResponse<String> erase(IssuedKey key, String userId) {
        return server.adminPost("/internal/v1/users/erase", """
                {"operator": "%s", "partner_id": "%d", "user_id": "%s"}""".formatted(admin, key.partnerId(), userId));
    }

    private static void assertNoPersonalFields(JsonNode result) {
        assertThat(result.has("IDNumber")).as(result.toString()).isFalse();
        assertThat(result.has("FullName")).isFalse();
        assertThat(result.has("DOB")).isFalse();
        assertThat(result.has("Photo")).isFalse();
        assertThat(result.has("Address")).isFalse();
        assertThat(result.has("PhoneNumber")).isFalse();
        assertThat(result.has("FullData")).isFalse();
        assertThat(result.get("PartnerParams").properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("user_id", "job_id", "job_type");
    }

    // ---- erasure ----------------------------------------------------------------------------------------------

    @Test
    void anErasureRemovesThePersonEverywhereAndReturnsASignedReceipt() throws Exception {
        var key = partner("erasure");
        var person = Person.next();
        var ekyc = idVerification(key, person, "ekyc-" + person.userId());
        assertThat(ekyc.get("ResultCode").asText()).isEqualTo("1012");
        var fullName = ekyc.get("FullName").asText();
        var jt1 = biometricJob(key, person, "jt1-" + person.userId(), true);
        var selfieId = job(jt1).get("images").get(0).get("id").asText();
        server.app().database().run(c -> server.app().services().users().enrol(c, key.partnerId(), person.userId(),
                selfieId));
        assertThat(job(jt1).get("deliveries")).extracting(d -> d.get("state").asText()).contains("PENDING");
        var imageSlice = "hex:" + HexFormat.of().formatHex(selfieTail(person));
        var before = rawHits(List.of(person.idNumber(), fullName, person.photo(), imageSlice));
        assertThat(before).as("the search finds the data before the erasure").isNotEmpty();

        var response = erase(key, person.userId());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        var body = json(response.body());
        var receipt = body.get("receipt");
        assertThat(receipt.get("partner_id").asText()).isEqualTo(Long.toString(key.partnerId()));
        assertThat(receipt.get("user_id").asText()).isEqualTo(person.userId());
        assertThat(receipt.get("erased_by").asText()).isEqualTo(admin);
        var erased = receipt.get("erased");
        assertThat(erased.get("jobs").asInt()).isEqualTo(2);
        assertThat(erased.get("images").asInt()).isEqualTo(2);
        assertThat(erased.get("enrolments").asInt()).isEqualTo(1);
        // the 1012 of each job carries ID fields, and the 0810 echoes a partner extra in PartnerParams
        assertThat(erased.get("result_events").asInt()).isEqualTo(3);
        assertThat(erased.get("undelivered_callbacks").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(receipt.get("smile_job_ids")).extracting(JsonNode::asText).contains(jt1);
        // signed like a v1 answer, and the receipt's content bound by the same key
        var signer = new SidSignature(key.apiKey());
        assertThat(signer.verifies(body.get("signature").asText(), body.get("timestamp").asText(),
                Long.toString(key.partnerId()))).isTrue();
        assertThat(body.get("receipt_signature").asText())
                .isEqualTo(signer.signContent(TestServer.JSON.writeValueAsString(receipt)));

        // the skeleton still answers: same codes, no personal fields, images named as erased
        var after = status(key, person.userId(), "jt1-" + person.userId(), true, true);
        assertThat(after.get("code").asText()).isEqualTo("2302");
        assertThat(after.get("job_complete").booleanValue()).isTrue();
        assertThat(after.get("job_success").booleanValue()).isTrue();
        assertThat(after.get("result").get("ResultCode").asText()).isEqualTo("0810");
        assertNoPersonalFields(after.get("result"));
        assertThat(after.get("image_links").get("error").asText()).contains("erased");
        assertThat(after.get("history")).hasSize(3);
        after.get("history").forEach(PrivacyTests::assertNoPersonalFields);
        assertThat(after.get("history")).extracting(h -> h.get("ResultCode").asText())
                .containsExactly("0810", "1012", "1012");
        assertThat(job(jt1).get("deliveries")).extracting(d -> d.get("state").asText()).doesNotContain("PENDING");
        assertThat(server.app().services().users().status(key.partnerId(), person.userId())).isEmpty();
        // no longer enrolled: authentication answers 2210 at prep upload; an unknown job_id of the user 2304
        var authentication = server.post("/v1/upload", """
                {"file_name": "selfie.zip", "smile_client_id": "%d", "partner_params": {"user_id": "%s",
                 "job_id": "%s", "job_type": 2}, "timestamp": "%s", "signature": "%s", "source_sdk": "javascript"}"""
                .formatted(key.partnerId(), person.userId(), "auth-" + person.userId(), TS, signature(key)));
        assertThat(json(authentication.body()).get("code").asText()).as(authentication.body()).isEqualTo("2210");
        assertThat(status(key, person.userId(), "never-" + person.userId(), false, false).get("code").asText())
                .isEqualTo("2304");

        assertThat(rawHits(List.of(person.idNumber(), fullName, person.firstName(), person.lastName(),
                person.photo(), person.address(), imageSlice))).as("raw database and image store").isEmpty();

        // kept and fetched again, verbatim
        var id = receipt.get("receipt_id").asText();
        var again = server.admin("GET", "/internal/v1/erasures/" + id, HttpRequest.BodyPublishers.noBody());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(response.body());

        // idempotent: nothing left, a new receipt with zero counts
        var second = json(erase(key, person.userId()).body()).get("receipt");
        assertThat(second.get("erased").properties()).allSatisfy(e -> assertThat(e.getValue().asInt()).isZero());
        var listed = json(server.admin("GET", "/internal/v1/erasures?partner_id=" + key.partnerId() + "&user_id="
                + person.userId(), HttpRequest.BodyPublishers.noBody()).body()).get("receipts");
        assertThat(listed).extracting(r -> r.get("receipt").get("receipt_id").asText())
                .containsExactly(second.get("receipt_id").asText(), id);
        assertThat(server.app().services().audit().read(dev.verdict.audit.AuditLog.Filter.NONE, 50))
                .anySatisfy(e -> assertThat(e.action()).isEqualTo("user.erased"));
    }

    @Test
    void anErasureWaitsForAJobAnEngineIsWorkingOnAndLaterResultsKeepOnlyTheSkeleton() {
        var key = partner("in-flight");
        var person = Person.next();
        var inFlight = server.createJob(key.partnerId(), person.userId(), "busy-" + person.userId(), 1, "RECEIVED");
        var inReview = biometricJob(key, person, "review-" + person.userId(), false);

        var refused = erase(key, person.userId());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused.body()).get("code").asText()).isEqualTo("job_in_flight");
        assertThat(refused.body()).contains(inFlight);
        assertThat(job(inReview).get("images")).hasSize(2); // nothing was erased

        server.recordResult(inFlight, 1, "0810", idFields(person));
        assertThat(erase(key, person.userId()).statusCode()).isEqualTo(201);

        // the reviewer decides after the erasure: the final result keeps only the skeleton
        var decided = server.recordResult(inReview, 3, "1210", idFields(person));
        assertNoPersonalFields(decided.get("result"));
        var answer = status(key, person.userId(), "review-" + person.userId(), false, false);
        assertThat(answer.get("result").get("ResultCode").asText()).isEqualTo("1210");
        assertNoPersonalFields(answer.get("result"));
    }

    @Test
    void unknownPartnersOperatorsAndReceiptsAreRefused() {
        var key = partner("refusals");
        assertThat(server.adminPost("/internal/v1/users/erase", """
                {"operator": "nobody", "partner_id": "%d", "user_id": "u"}""".formatted(key.partnerId())).statusCode())
                .isEqualTo(403);
        assertThat(server.adminPost("/internal/v1/users/erase", """
                {"operator": "%s", "partner_id": "999999", "user_id": "u"}""".formatted(admin)).statusCode())
                .isEqualTo(404);
        assertThat(server.admin("GET", "/internal/v1/erasures/987654", HttpRequest.BodyPublishers.noBody())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void theCliErasesAPersonAndSetsARetentionPolicy() throws Exception {
        var key = partner("cli");
        var person = Person.next();
        biometricJob(key, person, "cli-" + person.userId(), true);
        var out = cli("user", "erase", "--partner", Long.toString(key.partnerId()), "--user", person.userId());
        var receipt = json(out).get("receipt");
        assertThat(receipt.get("erased").get("images").asInt()).isEqualTo(2);
        assertThat(receipt.get("erased_by").asText()).startsWith("cli:");

        var set = json(cli("partner", "retention", "--partner", Long.toString(key.partnerId()), "--images-days", "7",
                "--personal-days", "30"));
        assertThat(set.get("images_days").asInt()).isEqualTo(7);
        assertThat(set.get("defaults").booleanValue()).isFalse();
        var shown = json(server.admin("GET", "/internal/v1/partners/" + key.partnerId() + "/retention",
                HttpRequest.BodyPublishers.noBody()).body());
        assertThat(shown.get("personal_days").asInt()).isEqualTo(30);
    }

    private String cli(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var exit = Cli.run(args, server.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    // ---- retention --------------------------------------------------------------------------------------------

    @Test
    void theRetentionPurgeRemovesImagesThenPersonalFieldsAndKeepsTheSkeleton() throws Exception {
        var key = partner("retention");
        var policy = server.admin("PUT", "/internal/v1/partners/" + key.partnerId() + "/retention",
                HttpRequest.BodyPublishers.ofString("""
                        {"operator": "%s", "images_days": 2, "personal_days": 5}""".formatted(admin)));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
        var onDefaults = partner("defaults");
        var person = Person.next();
        var other = Person.next();
        var jobId = "kept-" + person.userId();
        var smileJobId = biometricJob(key, person, jobId, true);
        var busy = server.createJob(key.partnerId(), person.userId(), "busy-" + person.userId(), 1, "RECEIVED");
        var untouched = biometricJob(onDefaults, other, "default-" + other.userId(), true);
        // a second person enrolled with their job's selfie: retention keeps that one image
        var enrolled = Person.next();
        var enrolledJob = biometricJob(key, enrolled, "enrolled-" + enrolled.userId(), true);
        var enrolledSelfie = job(enrolledJob).get("images").get(0).get("id").asText();
        server.app().database().run(c -> server.app().services().users().enrol(c, key.partnerId(), enrolled.userId(),
                enrolledSelfie));
        var before = status(key, person.userId(), jobId, true, true);

        clock.advance(Duration.ofDays(1));
        purge();
        assertThat(job(smileJobId).get("images")).hasSize(2);

        clock.advance(Duration.ofDays(2)); // 3 days: images are due, personal fields not yet
        purge();
        assertThat(job(smileJobId).get("images")).isEmpty();
        assertThat(job(enrolledJob).get("images")).extracting(i -> i.get("id").asText()).containsExactly(enrolledSelfie);
        var imagesGone = status(key, person.userId(), jobId, true, false);
        assertThat(imagesGone.get("image_links").get("error").asText()).contains("retention policy");
        assertThat(imagesGone.get("result").get("IDNumber")).isNull(); // the latest result has none anyway
        assertThat(status(key, person.userId(), jobId, false, true).get("history").toString())
                .contains(person.idNumber());

        clock.advance(Duration.ofDays(3)); // 6 days: personal fields are due
        purge();
        var after = status(key, person.userId(), jobId, true, true);
        assertThat(after.get("code").asText()).isEqualTo(before.get("code").asText());
        assertThat(after.get("job_complete")).isEqualTo(before.get("job_complete"));
        assertThat(after.get("job_success")).isEqualTo(before.get("job_success"));
        assertThat(after.get("result").get("ResultCode")).isEqualTo(before.get("result").get("ResultCode"));
        assertThat(after.get("result").get("seq")).isEqualTo(before.get("result").get("seq"));
        assertNoPersonalFields(after.get("result"));
        assertThat(after.get("history")).hasSize(before.get("history").size());
        after.get("history").forEach(PrivacyTests::assertNoPersonalFields);
        assertThat(after.get("history").get(1).get("ResultCode").asText()).isEqualTo("1012");
        assertThat(after.get("history").get(1).get("ResultText")).isEqualTo(before.get("history").get(1).get("ResultText"));

        // a job an engine is still working on waits; another partner on the defaults (30/90 days) keeps everything
        assertThat(job(busy).get("personal_removed").isNull()).isTrue();
        assertThat(job(smileJobId).get("personal_removed").get("reason").asText()).isEqualTo("retention");
        assertThat(job(untouched).get("images")).hasSize(2);
        assertThat(status(onDefaults, other.userId(), "default-" + other.userId(), false, true).get("history")
                .toString()).contains(other.idNumber());
        // nothing is overdue: the busy job counts once an engine has given it a result
        assertThat(server.app().services().privacy().overdue(key.partnerId())).isZero();
    }

    @Test
    void oneNodeAtATimeHoldsThePurge() throws Exception {
        var privacy = server.app().services().privacy();
        var key = partner("lease");
        server.admin("PUT", "/internal/v1/partners/" + key.partnerId() + "/retention",
                HttpRequest.BodyPublishers.ofString("""
                        {"operator": "%s", "images_days": 1, "personal_days": 1}""".formatted(admin)));
        var person = Person.next();
        biometricJob(key, person, "lease-" + person.userId(), true);
        clock.advance(Duration.ofDays(2));
        var first = privacy.nextBatch("node-a");
        assertThat(first).isNotEmpty();
        assertThat(privacy.nextBatch("node-b")).as("node-a holds the lease").isEmpty();
        clock.advance(PrivacyService.LEASE.plusSeconds(1));
        var takenOver = privacy.nextBatch("node-b");
        assertThat(takenOver).as("a lease that ran out is taken over").isNotEmpty();
        takenOver.forEach(privacy::purge);
        privacy.purge(first.getFirst()); // the first node's late batch finds its jobs done and changes nothing
        for (var batches = privacy.nextBatch("node-b"); !batches.isEmpty(); batches = privacy.nextBatch("node-b")) {
            batches.forEach(privacy::purge);
        }
        assertThat(privacy.overdue(key.partnerId())).isZero();
        assertThat(privacy.nextBatch("node-a")).as("the lease was given up when nothing was left").isEmpty();
    }

    private void purge() throws InterruptedException {
        server.app().retentionWorker().runOnce();
    }

    // ---- the raw search ---------------------------------------------------------------------------------------

    /** Which markers occur anywhere in the database (every row as text, or the SQLite files' bytes) or image store. */
    private List<String> rawHits(List<String> markers) throws Exception {
        var haystacks = new ArrayList<byte[]>();
        var database = server.app().database();
        if (database.dialect() == Dialect.POSTGRESQL) {
            var text = new StringBuilder();
            database.read(c -> {
                var tables = new ArrayList<String>();
                try (var rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
                    while (rs.next()) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
                for (var table : tables) {
                    try (var s = c.createStatement(); var rs = s.executeQuery("SELECT t::text FROM " + table + " t")) {
                        while (rs.next()) {
                            text.append(rs.getString(1)).append('\n');
                        }
                    }
                }
                return null;
            });
            haystacks.add(text.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            try (var files = Files.list(dataDir.resolve("db"))) {
                for (var file : files.toList()) {
                    haystacks.add(Files.readAllBytes(file)); // the database, its write-ahead log and shared memory
                }
            }
        }
        var imageStore = dataDir.resolve("images");
        if (Files.isDirectory(imageStore)) {
            try (var files = Files.walk(imageStore)) {
                for (var file : files.filter(Files::isRegularFile).toList()) {
                    haystacks.add(Files.readAllBytes(file));
                }
            }
        }
        var hits = new ArrayList<String>();
        for (var marker : markers) {
            for (var haystack : haystacks) {
                if (contains(haystack, marker)) {
                    hits.add(marker);
                    break;
                }
            }
        }
        return hits;
    }

    private static boolean contains(byte[] haystack, String marker) throws IOException {
        byte[] needle;
        if (marker.startsWith("hex:")) {
            var hex = marker.substring(4);
            // raw bytes (SQLite, files) or their hex text (PostgreSQL's bytea output)
            return indexOf(haystack, HexFormat.of().parseHex(hex)) >= 0
                    || indexOf(haystack, hex.getBytes(StandardCharsets.US_ASCII)) >= 0;
        }
        needle = marker.getBytes(StandardCharsets.UTF_8);
        return indexOf(haystack, needle) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
