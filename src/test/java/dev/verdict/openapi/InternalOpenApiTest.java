package dev.verdict.openapi;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.OpenApi;
import dev.verdict.testing.Receiver;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * src/main/resources/openapi/internal.yaml against a real server: its operations are exactly the admin
 * listener's routes (but the console's HTML pages); every endpoint's answers — success, and each
 * documented refusal — validate against the documented schemas; and every documented answer was met
 * (but those in {@link #UNREACHABLE}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InternalOpenApiTest extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    private static final String MISSING_JOB = "9999999999";
    private static final Map<String, String> UNREACHABLE = Map.of(
            "GET /health 503", "the database would have to be down");

    private final OpenApi api = OpenApi.load("/openapi/internal.yaml");
    private final Receiver receiver = new Receiver();
    private IssuedKey partner;

    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_ENGINE_POLL", "10m");
        env.put("VERDICT_SANDBOX_JOB_TYPES", "1,2,4,6,7,10,11"); // job type 5 waits for an external engine
    }

    @Override
    protected void started() {
        partner = server.createPartner("Internal OpenAPI partner");
        server.createReviewOperators();
    }

    @AfterAll
    void closeReceiver() {
        receiver.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Sends with the admin token and checks the answer against {@code template}'s documented response. */
    private HttpResponse<String> call(String method, String template, String path, String body) {
        var response = server.admin(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        api.check(template, method, response);
        return response;
    }

    private HttpResponse<String> post(String template, String path, String body) {
        return call("POST", template, path, body);
    }

    private static int status(HttpResponse<?> response) {
        return response.statusCode();
    }

    private String jobInReview() {
        var smileJobId = server.createJob(partner.partnerId(), unique("u"), unique("j"), 4, "RECEIVED");
        server.recordResult(smileJobId, 1, "0842", "");
        return smileJobId;
    }

    @Test
    @Order(1)
    void everyAdminRouteIsDocumentedAndEveryDocumentedPathServed() {
        var served = new TreeSet<String>();
        for (var route : server.app().routes().get("admin")) {
            if (!route.path().startsWith("/console")) {
                served.add(route.method() + " " + route.path());
            }
        }
        assertThat(api.operations()).isEqualTo(served);
    }

    @Test
    @Order(2)
    void everyGuardedEndpointRefusesAMissingToken() {
        for (var operation : api.operations()) {
            var method = operation.substring(0, operation.indexOf(' '));
            var template = operation.substring(operation.indexOf(' ') + 1);
            if (!api.operation(template, method).path("responses").has("401")) {
                continue;
            }
            var path = template.replace("{kind}", "selfie").replaceAll("\\{[^}]+}", "1");
            var response = server.send(HttpRequest.newBuilder(URI.create(server.adminBase() + path))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build());
            api.check(template, method, response);
            assertThat(status(response)).as(operation).isEqualTo(401);
        }
    }

    @Test
    @Order(3)
    void jobsResultsImagesAndCallbacks() throws Exception {
        var jobs = "/internal/v1/jobs";
        var cbPath = "/cb/" + UUID.randomUUID();
        receiver.script(cbPath, Receiver.Answer.status(410));
        var created = post(jobs, jobs, """
                {"partner_id": "%d", "user_id": "u-1", "job_id": "%s", "job_type": 1, "callback_url": "%s",
                 "partner_params": {"optional_info": "kept"}}""".formatted(partner.partnerId(), unique("j"),
                receiver.url(cbPath)));
        assertThat(status(created)).isEqualTo(201);
        var smileJobId = json(created.body()).get("smile_job_id").asText();
        var jobId = json(call("GET", jobs + "/{smile_job_id}", jobs + "/" + smileJobId, null).body()).get("job_id").asText();
        assertThat(status(post(jobs, jobs, "{\"partner_id\": \"%d\", \"user_id\": \"u-1\", \"job_id\": \"%s\", \"job_type\": 1}"
                .formatted(partner.partnerId(), jobId)))).isEqualTo(409);
        assertThat(status(post(jobs, jobs, "{\"partner_id\": \"%d\", \"user_id\": \"u\", \"job_id\": \"j\", \"job_type\": 3}"
                .formatted(partner.partnerId())))).isEqualTo(400);
        assertThat(status(post(jobs, jobs, "{\"partner_id\": \"999999\", \"user_id\": \"u\", \"job_id\": \"j\", \"job_type\": 1}")))
                .isEqualTo(404);

        var images = jobs + "/{smile_job_id}/images/{kind}";
        var put = server.admin("PUT", jobs + "/" + smileJobId + "/images/selfie",
                HttpRequest.BodyPublishers.ofByteArray(Images.jpeg(60, 80)));
        api.check(images, "PUT", put);
        assertThat(status(put)).isEqualTo(201);
        var imageId = json(put.body()).get("id").asText();
        var notAnImage = server.admin("PUT", jobs + "/" + smileJobId + "/images/selfie",
                HttpRequest.BodyPublishers.ofString("text"));
        api.check(images, "PUT", notAnImage);
        assertThat(status(notAnImage)).isEqualTo(400);
        var noJob = server.admin("PUT", jobs + "/" + MISSING_JOB + "/images/selfie",
                HttpRequest.BodyPublishers.ofByteArray(Images.jpeg(60, 80)));
        api.check(images, "PUT", noJob);
        assertThat(status(noJob)).isEqualTo(404);

        var image = server.sendForBytes(HttpRequest.newBuilder(URI.create(server.adminBase() + "/internal/v1/images/" + imageId))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).GET().build());
        api.check("/internal/v1/images/{image_id}", "GET", image.statusCode(),
                image.headers().firstValue("content-type").orElse(""), null);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(status(call("GET", "/internal/v1/images/{image_id}", "/internal/v1/images/no-such-image", null)))
                .isEqualTo(404);

        var results = jobs + "/{smile_job_id}/results";
        assertThat(status(post(results, jobs + "/" + smileJobId + "/results", "{\"seq\": 1, \"ResultCode\": \"1012\"}")))
                .isEqualTo(201);
        assertThat(status(post(results, jobs + "/" + smileJobId + "/results", "{\"seq\": 5, \"ResultCode\": \"1012\"}")))
                .isEqualTo(409);
        assertThat(status(post(results, jobs + "/" + smileJobId + "/results", "[]"))).isEqualTo(400);
        assertThat(status(post(results, jobs + "/" + MISSING_JOB + "/results", "{\"seq\": 1, \"ResultCode\": \"1012\"}")))
                .isEqualTo(404);

        // the 410 makes the delivery DEAD at once
        receiver.await(cbPath, 1);
        eventually(() -> json(server.admin("GET", jobs + "/" + smileJobId, HttpRequest.BodyPublishers.noBody()).body())
                .get("deliveries").path(0).path("state").asText().equals("DEAD"), "a DEAD delivery");
        var detail = call("GET", jobs + "/{smile_job_id}", jobs + "/" + smileJobId, null);
        assertThat(json(detail.body()).get("images").size()).isEqualTo(1);
        var deliveryId = json(detail.body()).get("deliveries").get(0).get("id").asText();
        assertThat(status(call("GET", jobs + "/{smile_job_id}", jobs + "/" + MISSING_JOB, null))).isEqualTo(404);
        var redrive = "/internal/v1/deliveries/{delivery_id}/redrive";
        assertThat(status(post(redrive, "/internal/v1/deliveries/" + deliveryId + "/redrive", null))).isEqualTo(200);
        assertThat(status(post(redrive, "/internal/v1/deliveries/" + deliveryId + "/redrive", null))).isEqualTo(404);
        assertThat(status(post("/internal/v1/deliveries/redrive-dead", "/internal/v1/deliveries/redrive-dead", null)))
                .isEqualTo(200);
        var replay = jobs + "/{smile_job_id}/callbacks/replay";
        assertThat(status(post(replay, jobs + "/" + smileJobId + "/callbacks/replay", null))).isEqualTo(200);
        assertThat(status(post(replay, jobs + "/" + MISSING_JOB + "/callbacks/replay", null))).isEqualTo(404);
    }

    @Test
    @Order(4)
    void anExternalEngineClaims() {
        var signature = new SidSignature(partner.apiKey()).sign(TS, Long.toString(partner.partnerId()));
        var accepted = server.post("/v1/async_id_verification", """
                {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "country": "NG", "id_type": "BVN",
                 "id_number": "12345678901", "partner_params": {"user_id": "u-ext", "job_id": "%s", "job_type": 5}}"""
                .formatted(partner.partnerId(), TS, signature, unique("j")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        var claim = "/internal/v1/work/claim";
        var claimed = post(claim, claim, "{\"engine\": \"acme\", \"job_types\": [5], \"max\": 10}");
        assertThat(json(claimed.body()).get("items").size()).isPositive();
        assertThat(status(post(claim, claim, "{\"engine\": \"acme\", \"job_types\": []}"))).isEqualTo(400);
    }

    @Test
    @Order(5)
    void humanReview() {
        var queue = "/internal/v1/review/queue";
        var first = jobInReview();
        var listed = call("GET", queue, queue, null);
        assertThat(json(listed.body()).get("length").asLong()).isPositive();
        assertThat(status(call("GET", queue, queue + "?limit=0", null))).isEqualTo(400);

        var claim = "/internal/v1/review/{smile_job_id}/claim";
        var claimPath = "/internal/v1/review/" + first + "/claim";
        assertThat(status(post(claim, claimPath, "{\"operator\": \"alice\"}"))).isEqualTo(200);
        assertThat(status(post(claim, claimPath, "{\"operator\": \"bob\"}"))).isEqualTo(409);
        assertThat(status(post(claim, claimPath, "{\"operator\": \"mallory\"}"))).isEqualTo(403);
        assertThat(status(post(claim, claimPath, "{}"))).isEqualTo(400);
        assertThat(status(post(claim, "/internal/v1/review/" + MISSING_JOB + "/claim", "{\"operator\": \"alice\"}")))
                .isEqualTo(404);

        var release = "/internal/v1/review/{smile_job_id}/release";
        var releasePath = "/internal/v1/review/" + first + "/release";
        assertThat(status(post(release, releasePath, "{\"operator\": \"bob\"}"))).isEqualTo(409);
        assertThat(status(post(release, releasePath, "{\"operator\": \"mallory\"}"))).isEqualTo(403);
        assertThat(status(post(release, releasePath, "{}"))).isEqualTo(400);
        assertThat(status(post(release, "/internal/v1/review/" + MISSING_JOB + "/release", "{\"operator\": \"alice\"}")))
                .isEqualTo(404);
        assertThat(status(post(release, releasePath, "{\"operator\": \"alice\"}"))).isEqualTo(200);

        var next = "/internal/v1/review/next";
        assertThat(status(post(next, next, "{\"operator\": \"mallory\"}"))).isEqualTo(403);
        assertThat(status(post(next, next, "{}"))).isEqualTo(400);
        var taken = post(next, next, "{\"operator\": \"alice\"}");
        assertThat(status(taken)).isEqualTo(200);
        var takenJob = json(taken.body()).get("smile_job_id").asText();

        var decision = "/internal/v1/review/{smile_job_id}/decision";
        var decide = "{\"operator\": \"%s\", \"decision\": \"approve\", \"reason\": \"documents match\", \"seq\": %d}";
        var decisionPath = "/internal/v1/review/" + takenJob + "/decision";
        assertThat(status(post(decision, decisionPath, decide.formatted("bob", 2)))).isEqualTo(409);
        assertThat(status(post(decision, decisionPath, decide.formatted("mallory", 2)))).isEqualTo(403);
        assertThat(status(post(decision, decisionPath, "{\"operator\": \"alice\"}"))).isEqualTo(400);
        assertThat(status(post(decision, "/internal/v1/review/" + MISSING_JOB + "/decision", decide.formatted("alice", 2))))
                .isEqualTo(404);
        assertThat(status(post(decision, decisionPath, decide.formatted("alice", 2)))).isEqualTo(201);
        // every other job in review taken and decided, so the queue is empty: next finds none
        while (true) {
            var more = server.adminPost(next, "{\"operator\": \"alice\"}");
            if (more.statusCode() != 200) {
                break;
            }
            var job = json(more.body()).get("smile_job_id").asText();
            var latest = json(server.admin("GET", "/internal/v1/jobs/" + job, HttpRequest.BodyPublishers.noBody()).body())
                    .get("latest_seq").asInt();
            server.adminPost("/internal/v1/review/" + job + "/decision", decide.formatted("alice", latest + 1));
        }
        assertThat(status(post(next, next, "{\"operator\": \"alice\"}"))).isEqualTo(404);

        var supersede = "/internal/v1/jobs/{smile_job_id}/supersede";
        var over = "{\"operator\": \"%s\", \"ResultCode\": \"%s\", \"reason\": \"second look\", \"seq\": %d}";
        var supersedePath = "/internal/v1/jobs/" + takenJob + "/supersede";
        assertThat(status(post(supersede, supersedePath, over.formatted("alice", "0841", 3)))).isEqualTo(403);
        assertThat(status(post(supersede, supersedePath, over.formatted("root", "0841", 9)))).isEqualTo(409);
        assertThat(status(post(supersede, supersedePath, over.formatted("root", "0842", 3)))).isEqualTo(400);
        assertThat(status(post(supersede, "/internal/v1/jobs/" + MISSING_JOB + "/supersede", over.formatted("root", "0841", 3))))
                .isEqualTo(404);
        assertThat(status(post(supersede, supersedePath, over.formatted("root", "0841", 3)))).isEqualTo(201);

        var fraud = "/internal/v1/users/fraud";
        var user = json(server.admin("GET", "/internal/v1/jobs/" + takenJob, HttpRequest.BodyPublishers.noBody()).body())
                .get("user_id").asText();
        var mark = "{\"operator\": \"%s\", \"partner_id\": \"%d\", \"user_id\": \"%s\", \"reason\": \"fraud ring\"}";
        assertThat(status(post(fraud, fraud, mark.formatted("alice", partner.partnerId(), user)))).isEqualTo(403);
        assertThat(status(post(fraud, fraud, "{\"operator\": \"root\"}"))).isEqualTo(400);
        assertThat(status(post(fraud, fraud, mark.formatted("root", partner.partnerId(), unique("nobody"))))).isEqualTo(404);
        assertThat(status(post(fraud, fraud, mark.formatted("root", partner.partnerId(), user)))).isEqualTo(200);

        var audit = "/internal/v1/audit";
        var events = call("GET", audit, audit + "?job=" + takenJob, null);
        assertThat(json(events.body()).get("items").size()).isPositive();
        assertThat(status(call("GET", audit, audit + "?limit=0", null))).isEqualTo(400);
    }

    @Test
    @Order(7)
    void retentionAndErasure() {
        var retention = "/internal/v1/partners/{partner_id}/retention";
        var ours = "/internal/v1/partners/" + partner.partnerId() + "/retention";
        assertThat(status(call("GET", retention, ours, null))).isEqualTo(200);
        assertThat(status(call("GET", retention, "/internal/v1/partners/abc/retention", null))).isEqualTo(400);
        assertThat(status(call("GET", retention, "/internal/v1/partners/999999/retention", null))).isEqualTo(404);
        var policy = "{\"operator\": \"%s\", \"images_days\": %s, \"personal_days\": 30}";
        assertThat(status(call("PUT", retention, ours, policy.formatted("root", "7")))).isEqualTo(200);
        assertThat(status(call("PUT", retention, ours, policy.formatted("root", "\"soon\"")))).isEqualTo(400);
        assertThat(status(call("PUT", retention, ours, policy.formatted("alice", "7")))).isEqualTo(403);
        assertThat(status(call("PUT", retention, "/internal/v1/partners/999999/retention", policy.formatted("root", "7"))))
                .isEqualTo(404);

        var erase = "/internal/v1/users/erase";
        var user = unique("erased");
        var done = server.createJob(partner.partnerId(), user, unique("j"), 4, "RECEIVED");
        server.recordResult(done, 1, "0840", "");
        var busy = unique("busy");
        server.createJob(partner.partnerId(), busy, unique("j"), 4, "RECEIVED");
        var body = "{\"operator\": \"%s\", \"partner_id\": \"%s\", \"user_id\": \"%s\"}";
        assertThat(status(post(erase, erase, body.formatted("alice", partner.partnerId(), user)))).isEqualTo(403);
        assertThat(status(post(erase, erase, "{\"operator\": \"root\"}"))).isEqualTo(400);
        assertThat(status(post(erase, erase, body.formatted("root", "999999", user)))).isEqualTo(404);
        assertThat(status(post(erase, erase, body.formatted("root", partner.partnerId(), busy)))).isEqualTo(409);
        var erased = post(erase, erase, body.formatted("root", partner.partnerId(), user));
        assertThat(status(erased)).as(erased.body()).isEqualTo(201);
        var receiptId = json(erased.body()).get("receipt").get("receipt_id").asText();

        var one = "/internal/v1/erasures/{receipt_id}";
        assertThat(call("GET", one, "/internal/v1/erasures/" + receiptId, null).body()).isEqualTo(erased.body());
        assertThat(status(call("GET", one, "/internal/v1/erasures/424242", null))).isEqualTo(404);
        var list = "/internal/v1/erasures";
        var receipts = call("GET", list, list + "?partner_id=" + partner.partnerId() + "&user_id=" + user, null);
        assertThat(json(receipts.body()).get("receipts").size()).isEqualTo(1);
        assertThat(status(call("GET", list, list + "?user_id=" + user, null))).isEqualTo(400);
    }

    @Test
    @Order(6)
    void metricsHealthAndTheDocumentsThemselves() {
        assertThat(status(call("GET", "/metrics", "/metrics", null))).isEqualTo(200);
        assertThat(status(call("GET", "/health", "/health", null))).isEqualTo(200);
        for (var name : new String[] {"v1.yaml", "internal.yaml"}) {
            var served = server.send(HttpRequest.newBuilder(URI.create(server.adminBase() + "/openapi/" + name)).GET().build());
            api.check("/openapi/" + name, "GET", served);
            var document = OpenApi.parse(served.body());
            assertThat(document.document().get("openapi").asText()).isEqualTo("3.1.0");
        }
    }

    @Test
    @Order(100)
    void everyDocumentedAnswerWasMet() {
        var left = api.unchecked();
        left.removeAll(UNREACHABLE.keySet());
        assertThat(left).isEmpty();
    }
}
