package dev.verdict.metrics;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.Receiver;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zips;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} on a real server, on SQLite and PostgreSQL: the admin token guards it, request
 * counters move per route and status, and the backlog gauges follow jobs through the engine, review
 * and callbacks. docs/operations.md documents exactly the verdict_* families a scrape shows.
 */
abstract class MetricsTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    private static final String REQUESTS = "verdict_http_requests_seconds_count";

    private final Receiver receiver = new Receiver();
    private IssuedKey partner;

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_ENGINE_POLL", "10m"); // workers wake on this node's commits
    }

    @Override
    protected void started() {
        partner = server.createPartner("Metrics partner");
    }

    @AfterAll
    void closeReceiver() {
        receiver.close();
    }

    /** A fresh scrape: the clock moves past the backlog snapshot's lifetime first. */
    private Scrape scrape() {
        clock.advance(BacklogGauges.MAX_AGE.plusSeconds(1));
        var response = server.admin("GET", "/metrics", HttpRequest.BodyPublishers.noBody());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        return Scrape.parse(response.body());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static Map<String, String> jobStatusOk() {
        return Map.of("listener", "https", "route", "/v1/job_status", "method", "POST", "status", "200",
                "code", "2302");
    }

    @Test
    void metricsNeedTheAdminToken() {
        var anonymous = server.send(HttpRequest.newBuilder(URI.create(server.adminBase() + "/metrics")).GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        var wrong = server.send(HttpRequest.newBuilder(URI.create(server.adminBase() + "/metrics"))
                .header("Authorization", "Bearer not-the-token").GET().build());
        assertThat(wrong.statusCode()).isEqualTo(401);
        var right = server.send(HttpRequest.newBuilder(URI.create(server.adminBase() + "/metrics"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).GET().build());
        assertThat(right.statusCode()).isEqualTo(200);
        var scrape = Scrape.parse(right.body());
        assertThat(scrape.families()).contains("jvm_memory_used_bytes", "process_cpu_usage",
                "hikaricp_connections_active", "verdict_db_gate_waiting");
    }

    @Test
    void requestsAreCountedByRoutePatternStatusAndCode() {
        var user = unique("user");
        var jobId = unique("job");
        var smileJobId = server.createJob(partner.partnerId(), user, jobId, 1, "RECEIVED");
        var before = scrape();
        for (int i = 0; i < 3; i++) {
            assertThat(server.post("/v1/job_status", SignedRequests.jobStatus(partner, user, jobId, TS, false, false))
                    .statusCode()).isEqualTo(200);
        }
        var missing = server.post("/v1/job_status", SignedRequests.jobStatus(partner, user, unique("other"), TS,
                false, false));
        assertThat(missing.statusCode()).isEqualTo(400);
        server.send(HttpRequest.newBuilder(URI.create(server.httpsBase() + "/no/such/" + UUID.randomUUID()))
                .GET().build());
        server.admin("GET", "/internal/v1/jobs/" + smileJobId, HttpRequest.BodyPublishers.noBody());

        var after = scrape();
        assertThat(after.value(REQUESTS, jobStatusOk()) - before.value(REQUESTS, jobStatusOk())).isEqualTo(3);
        var notFound = Map.of("route", "/v1/job_status", "status", "400", "code", "2304");
        assertThat(after.value(REQUESTS, notFound) - before.value(REQUESTS, notFound)).isEqualTo(1);
        var unmatched = Map.of("listener", "https", "route", "unmatched", "method", "GET", "status", "404");
        assertThat(after.value(REQUESTS, unmatched) - before.value(REQUESTS, unmatched)).isEqualTo(1);
        var internal = Map.of("listener", "admin", "route", "/internal/v1/jobs/{smile_job_id}", "status", "200");
        assertThat(after.value(REQUESTS, internal) - before.value(REQUESTS, internal)).isEqualTo(1);
        // a raw path never becomes a label value
        assertThat(after.samples()).noneMatch(s -> s.labels().getOrDefault("route", "").contains(smileJobId));
        // the latency histogram has its buckets
        assertThat(after.value("verdict_http_requests_seconds_bucket",
                Map.of("route", "/v1/job_status", "status", "200", "code", "2302", "le", "+Inf"))).isGreaterThanOrEqualTo(3);
    }

    /** Prepares an upload (the job is CREATED); the returned runnable PUTs its zip. */
    private Runnable prepareUpload(String user, String jobId) {
        var body = """
                {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "%s",
                 "job_id": "%s", "job_type": 4}}""".formatted(partner.partnerId(), TS,
                new SidSignature(partner.apiKey()).sign(TS, Long.toString(partner.partnerId())), user, jobId);
        var answer = json(server.post("/v1/upload", body).body());
        return () -> {
            var put = server.send(HttpRequest.newBuilder(URI.create(answer.get("upload_url").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Zips.java(user, jobId, 4, Images.jpeg(120, 160))))
                    .build());
            assertThat(put.statusCode()).isEqualTo(200);
        };
    }

    private static double delta(Scrape after, Scrape before, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    @Test
    void jobsByStateFollowASubmissionThroughTheEngine() throws Exception {
        var before = scrape();
        var zip = prepareUpload(unique("user"), unique("job"));
        assertThat(delta(scrape(), before, "verdict_jobs", Map.of("state", "CREATED"))).isEqualTo(1);
        zip.run();
        server.engineWorker().runOnce();
        eventually(() -> delta(scrape(), before, "verdict_jobs", Map.of("state", "COMPLETE")) == 1,
                "the job counted COMPLETE");
        var done = scrape();
        assertThat(delta(done, before, "verdict_jobs", Map.of("state", "CREATED"))).isZero();
        assertThat(done.value("verdict_work_queue_ready")).isZero();
        assertThat(done.value("verdict_work_queue_oldest_ready_age_seconds")).isZero();
        var uploads = Map.of("route", "/uploads/{smile_job_id}/{generation}/selfie.zip", "method", "PUT",
                "status", "200");
        assertThat(delta(done, before, REQUESTS, uploads)).isEqualTo(1);
        var prepared = Map.of("route", "/v1/upload", "status", "200", "code", "2202");
        assertThat(delta(done, before, REQUESTS, prepared)).isEqualTo(1);
    }

    @Test
    void aReadyWorkItemAgesUntilAnEngineTakesIt() throws Exception {
        var before = scrape();
        // the sandbox engine defers this job by 999 s; no worker looks again before it is woken
        prepareUpload(unique("user"), unique("job-sandbox-delay-999")).run();
        server.engineWorker().runOnce();
        // A background engine thread woken by the upload may hold the item in a claim that is not yet
        // committed (runOnce then skips it); a scrape sees it ready until that claim commits.
        eventually(() -> {
            var deferred = scrape();
            return delta(deferred, before, "verdict_work_queue_items", Map.of()) == 1
                    && deferred.value("verdict_work_queue_ready") == 0;
        }, "the item deferred, not ready");
        clock.advance(Duration.ofSeconds(999 + 300));
        var waiting = scrape();
        assertThat(waiting.value("verdict_work_queue_ready")).isEqualTo(1);
        assertThat(waiting.value("verdict_work_queue_oldest_ready_age_seconds")).isGreaterThanOrEqualTo(300);
        server.engineWorker().runOnce();
        eventually(() -> delta(scrape(), before, "verdict_work_queue_items", Map.of()) == 0, "the queue emptied");
    }

    @Test
    void theReviewQueueCountsAndAges() {
        var before = scrape();
        var smileJobId = server.createJob(partner.partnerId(), unique("user"), unique("job"), 4, "RECEIVED");
        server.recordResult(smileJobId, 1, "0842", "");
        var inReview = scrape();
        assertThat(inReview.value("verdict_review_queue_jobs") - before.value("verdict_review_queue_jobs")).isEqualTo(1);
        assertThat(inReview.value("verdict_jobs", Map.of("state", "IN_REVIEW"))
                - before.value("verdict_jobs", Map.of("state", "IN_REVIEW"))).isEqualTo(1);
        clock.advance(Duration.ofHours(2));
        assertThat(scrape().value("verdict_review_queue_oldest_age_seconds")).isGreaterThanOrEqualTo(7200);
        server.recordResult(smileJobId, 2, "0840", "");
        assertThat(scrape().value("verdict_review_queue_jobs")).isEqualTo(before.value("verdict_review_queue_jobs"));
    }

    @Test
    void aCallbackMovesDeliveriesByState() throws Exception {
        var path = "/cb/" + UUID.randomUUID();
        var before = scrape();
        var response = server.adminPost("/internal/v1/jobs", """
                {"partner_id": "%d", "user_id": "%s", "job_id": "%s", "job_type": 1, "callback_url": "%s"}"""
                .formatted(partner.partnerId(), unique("user"), unique("job"), receiver.url(path)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        server.recordResult(json(response.body()).get("smile_job_id").asText(), 1, "1012", "");
        receiver.await(path, 1);
        server.callbackWorker().runOnce();
        eventually(() -> scrape().value("verdict_callback_deliveries", Map.of("state", "DELIVERED"))
                - before.value("verdict_callback_deliveries", Map.of("state", "DELIVERED")) == 1, "a delivered callback");
        var after = scrape();
        assertThat(after.value("verdict_callback_deliveries", Map.of("state", "PENDING")))
                .isEqualTo(before.value("verdict_callback_deliveries", Map.of("state", "PENDING")));
        assertThat(after.value("verdict_callback_delivery_attempts")
                - before.value("verdict_callback_delivery_attempts")).isEqualTo(1);
        assertThat(after.value("verdict_callback_oldest_pending_age_seconds")).isZero();
        assertThat(after.value("verdict_callback_deliveries", Map.of("state", "DEAD"))).isZero();
    }

    @Test
    void imageReadsAreCounted() {
        var smileJobId = server.createJob(partner.partnerId(), unique("user"), unique("job"), 1, "RECEIVED");
        var imageId = server.putImage(smileJobId, "selfie", Images.jpeg(60, 80));
        var before = scrape();
        var read = server.admin("GET", "/internal/v1/images/" + imageId, HttpRequest.BodyPublishers.noBody());
        assertThat(read.statusCode()).isEqualTo(200);
        var after = scrape();
        assertThat(after.value("verdict_image_reads_total", Map.of("via", "internal_api"))
                - before.value("verdict_image_reads_total", Map.of("via", "internal_api"))).isEqualTo(1);
    }

    /** Every metric docs/operations.md lists appears in a scrape, and every verdict_* family in a scrape is listed. */
    @Test
    void theDocumentedMetricsAreTheScrapedOnes() throws Exception {
        var doc = Files.readString(Path.of("docs/operations.md"));
        var section = doc.substring(doc.indexOf("## Metrics"));
        section = section.substring(0, section.indexOf("\n## ", 4));
        var documented = new TreeSet<String>();
        var row = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(section);
        while (row.find()) {
            documented.add(row.group(1));
        }
        // make every request-derived family exist at least once
        server.post("/v1/job_status", "{}");
        var families = scrape().families();
        assertThat(families).containsAll(documented);
        assertThat(families.stream().filter(f -> f.startsWith("verdict_")).toList())
                .allSatisfy(f -> assertThat(documented).as("documented in docs/operations.md").contains(f));
    }
}
