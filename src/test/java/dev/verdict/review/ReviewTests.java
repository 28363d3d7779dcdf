package dev.verdict.review;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.Node;
import dev.verdict.testing.Receiver;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.Zips;
import dev.verdict.users.UserStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Human review on a real server, on SQLite and PostgreSQL (DESIGN §10): the whole path through the
 * official Node SDK (a sandbox job under review, the queue, a claim, a decision, job_status and both
 * callbacks), claims and decisions racing, expired claims, stale pages, supersession, fraud marks, the
 * queue's filters, operators' roles and the audit trail.
 */
abstract class ReviewTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";

    private final Receiver receiver = new Receiver();
    private IssuedKey partner;
    private Path images;
    /** The server's review service; its operators: alice and bob review, root is an admin, mallory is disabled. */
    private ReviewService review;

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_ENGINE_POLL", "10m"); // the engine wakes on commits
    }

    @Override
    protected void started() throws Exception {
        partner = server.createPartner("Review partner");
        images = dataDir.resolve("images-for-node");
        Files.createDirectories(images);
        Files.write(images.resolve("selfie.jpg"), Images.jpeg(120, 160));
        Files.write(images.resolve("id.png"), Images.png(200, 130));
        server.createReviewOperators();
        review = server.app().services().review();
    }

    @AfterAll
    void closeReceiver() {
        receiver.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** A job of this partner put in review through the internal API (no engine): seq 1 is provisional. */
    private String jobInReview(IssuedKey owner, String userId, int jobType, String provisionalCode) {
        var smileJobId = server.createJob(owner.partnerId(), userId, unique("job"), jobType, "RECEIVED");
        server.recordResult(smileJobId, 1, provisionalCode, "");
        return smileJobId;
    }

    private HttpResponse<String> post(String path, String json) {
        return server.adminPost(path, json);
    }

    private HttpResponse<String> get(String path) {
        return server.admin("GET", path, HttpRequest.BodyPublishers.noBody());
    }

    private HttpResponse<String> claim(String smileJobId, String operator) {
        return post("/internal/v1/review/" + smileJobId + "/claim", "{\"operator\": \"%s\"}".formatted(operator));
    }

    private HttpResponse<String> decide(String smileJobId, String operator, String decision, int seq) {
        return post("/internal/v1/review/" + smileJobId + "/decision", """
                {"operator": "%s", "decision": "%s", "reason": "documents match", "seq": %d}"""
                .formatted(operator, decision, seq));
    }

    private JsonNode queue(String query) {
        var response = get("/internal/v1/review/queue" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private JsonNode detail(String smileJobId) {
        return json(get("/internal/v1/jobs/" + smileJobId).body());
    }

    private HttpResponse<String> status(IssuedKey owner, String userId, String jobId, boolean history) {
        return server.post("/v1/job_status", SignedRequests.jobStatus(owner, userId, jobId, TS, false, history));
    }

    private static void assertRefused(HttpResponse<String> response, int http, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(http);
        assertThat(json(response.body()).get("code").asText()).as(response.body()).isEqualTo(code);
    }

    private static void assertRefused(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private Map<String, String> nodeEnv(String callbackUrl) {
        return Node.sdkEnv(server, partner, callbackUrl);
    }

    private JsonNode nodeSubmit(String userId, String jobId, int jobType, String imagesJson, String idInfo,
            String callbackUrl) throws Exception {
        var result = Node.submitJob(nodeEnv(callbackUrl), userId, jobId, jobType, imagesJson, idInfo);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return json(result.stdout());
    }

    private JsonNode nodeStatus(String userId, String jobId) throws Exception {
        var env = nodeEnv("");
        env.put("USER_ID", userId);
        env.put("JOB_ID", jobId);
        env.put("HISTORY", "true");
        env.put("IMAGE_LINKS", "false");
        var result = Node.run("job-status.js", List.of(), env);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return json(result.stdout());
    }

    /** Waits for the sandbox engine's provisional result and answers the job's queue item. */
    private JsonNode awaitInQueue(String userId, String jobId) throws InterruptedException {
        eventually(() -> status(partner, userId, jobId, false).body().contains("\"IsFinalResult\":\"false\""),
                "the provisional result of " + jobId);
        var smileJobId = json(status(partner, userId, jobId, false).body()).get("result").get("SmileJobID").asText();
        var items = queue("?partner_id=" + partner.partnerId() + "&limit=500").get("items");
        for (var item : items) {
            if (item.get("smile_job_id").asText().equals(smileJobId)) {
                return item;
            }
        }
        throw new AssertionError("job " + smileJobId + " is not in the review queue: " + items);
    }

    // ---- the whole human path through the official Node SDK ----------------------------------------------

    @Test
    @StartsProcesses
    void aReviewersApprovalCompletesABiometricKycJobAndBothCallbacksArriveSigned() throws Exception {
        var path = "/cb/" + UUID.randomUUID();
        var user = unique("kyc-user");
        var jobId = unique("jt1-sandbox-review");
        var submitted = nodeSubmit(user, jobId, 1, """
                [{"image_type_id": 0, "image": "%s"}, {"image_type_id": 1, "image": "%s"}]"""
                .formatted(images.resolve("selfie.jpg"), images.resolve("id.png")),
                "{\"country\": \"NG\", \"id_type\": \"BVN\", \"id_number\": \"12345678901\", \"entered\": true}",
                receiver.url(path));
        assertThat(submitted.get("success").booleanValue()).isTrue();

        var item = awaitInQueue(user, jobId);
        var smileJobId = item.get("smile_job_id").asText();
        assertThat(item.get("job_type").asInt()).isEqualTo(1);
        assertThat(item.get("result_code").asText()).isEqualTo("0814");
        assertThat(item.get("partner_id").asText()).isEqualTo(Long.toString(partner.partnerId()));
        assertThat(item.get("claimed_by").isNull()).isTrue();
        assertThat(item.get("waiting_since").asText()).isNotEmpty();

        var claimed = claim(smileJobId, "alice");
        assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(200);
        assertThat(json(claimed.body()).get("lease_until").asText())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(15)).toString());

        var seq = detail(smileJobId).get("latest_seq").asInt() + 1;
        var decided = decide(smileJobId, "alice", "approve", seq);
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(201);
        var result = json(decided.body());
        assertThat(result.get("ResultCode").asText()).isEqualTo("1210");
        assertThat(result.get("IsMachineResult").asText()).isEqualTo("false");
        assertThat(result.get("IsFinalResult").asText()).isEqualTo("true");
        assertThat(result.get("ResultText").asText()).isEqualTo("Enroll User");
        assertThat(result.has("ReviewReason")).as("the operator's reason stays in the audit log").isFalse();
        assertThat(result.get("seq").asText()).isEqualTo(Integer.toString(seq));

        var status = nodeStatus(user, jobId);
        assertThat(status.get("job_complete").booleanValue()).isTrue();
        assertThat(status.get("job_success").booleanValue()).isTrue();
        assertThat(status.get("result").get("ResultCode").asText()).isEqualTo("1210");
        assertThat(status.get("result").get("IsMachineResult").asText()).isEqualTo("false");
        assertThat(status.get("history")).extracting(h -> h.get("ResultCode").asText())
                .containsExactly("1210", "0814", "1012");

        var events = detail(smileJobId).get("results");
        assertThat(events.get(events.size() - 1).get("produced_by").asText()).isEqualTo("operator:alice");
        assertThat(queue("?partner_id=" + partner.partnerId() + "&limit=500").get("items"))
                .noneMatch(i -> i.get("smile_job_id").asText().equals(smileJobId));
        // an approved enrolment enrols the user with the job's selfie, as the machine's success does
        var users = server.app().services().users();
        assertThat(users.status(partner.partnerId(), user)).contains(UserStatus.ACTIVE);
        assertThat(users.enrolledSelfie(partner.partnerId(), user)).isPresent();

        // the provisional and the final callback, both signed with the partner's key
        var callbacks = receiver.await(path, 3);
        assertThat(callbacks).extracting(r -> json(r.body()).get("ResultCode").asText())
                .containsExactly("1012", "0814", "1210");
        for (var callback : callbacks) {
            var body = json(callback.body());
            assertThat(new SidSignature(partner.apiKey()).verifies(body.get("signature").asText(),
                    body.get("timestamp").asText(), Long.toString(partner.partnerId()))).isTrue();
            assertThat(callback.header("webhook-signature")).startsWith("v1,");
        }
        assertThat(json(callbacks.get(2).body()).get("IsMachineResult").asText()).isEqualTo("false");

        // every step is in the audit log
        var audit = json(get("/internal/v1/audit?job=" + smileJobId).body()).get("items");
        assertThat(audit).extracting(a -> a.get("action").asText()).containsSubsequence("review.decision", "review.claim");
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("alice");
        assertThat(audit.get(0).get("detail").asText()).contains("0814 -> 1210").contains("documents match");

        // an admin overturns the approval: the enrolment it made is withdrawn with it
        var overturned = post("/internal/v1/jobs/" + smileJobId + "/supersede", """
                {"operator": "root", "ResultCode": "1211", "reason": "selfie does not match", "seq": %d}"""
                .formatted(seq + 1));
        assertThat(overturned.statusCode()).as(overturned.body()).isEqualTo(201);
        assertThat(users.status(partner.partnerId(), user)).isEmpty();
        assertRefused(prepareAuthentication(user), 400, "2210");
    }

    @Test
    @StartsProcesses
    void aRejectedRegistrationLeavesNoEnrolledUser() throws Exception {
        var path = "/cb/" + UUID.randomUUID();
        var user = unique("reg-user");
        var jobId = unique("jt4-sandbox-review");
        nodeSubmit(user, jobId, 4, "[{\"image_type_id\": 0, \"image\": \"%s\"}]".formatted(images.resolve("selfie.jpg")),
                "{}", receiver.url(path));
        var smileJobId = awaitInQueue(user, jobId).get("smile_job_id").asText();
        assertThat(claim(smileJobId, "bob").statusCode()).isEqualTo(200);
        var decided = decide(smileJobId, "bob", "reject", 2);
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(201);
        assertThat(json(decided.body()).get("ResultCode").asText()).isEqualTo("1241");

        var status = nodeStatus(user, jobId);
        assertThat(status.get("job_complete").booleanValue()).isTrue();
        assertThat(status.get("job_success").booleanValue()).isFalse();
        assertThat(status.get("result").get("ResultCode").asText()).isEqualTo("1241");
        assertThat(status.get("history")).extracting(h -> h.get("ResultCode").asText()).containsExactly("1241", "0842");
        assertThat(receiver.await(path, 2)).extracting(r -> json(r.body()).get("ResultCode").asText())
                .containsExactly("0842", "1241");

        // no active enrolled user: a SmartSelfie Authentication answers as for a user never seen
        assertThat(server.app().services().users().status(partner.partnerId(), user)).isEmpty();
        assertRefused(prepareAuthentication(user), 400, "2210");
        assertRefused(prepareAuthentication(unique("never-seen")), 400, "2210");
    }

    private HttpResponse<String> prepareAuthentication(String userId) {
        var signature = new SidSignature(partner.apiKey()).sign(TS, Long.toString(partner.partnerId()));
        return server.post("/v1/upload", """
                {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "%s",
                 "job_id": "%s", "job_type": 2}}""".formatted(partner.partnerId(), TS, signature, userId, unique("auth")));
    }

    // ---- the sandbox puts every job type with a provisional code in the queue -----------------------------

    @Test
    void theSandboxReviewWordQueuesEveryJobTypeThatHasAProvisionalResult() throws Exception {
        var owner = server.createPartner("Sandbox review partner");
        var user = unique("sandbox-user");
        var enrol = prepareAndUpload(owner, user, unique("enrol"), 4, false);
        eventually(() -> status(owner, user, enrol, false).body().contains("\"job_complete\":true"), "the enrolment");
        var expected = Map.of(1, "0814", 2, "0822", 4, "0842", 6, "0814", 11, "0814");
        for (var type : List.of(1, 2, 4, 6, 11)) {
            var jobUser = type == 2 ? user : unique("sandbox-user");
            prepareAndUpload(owner, jobUser, unique("sandbox-review"), type, type == 4 || type == 1);
        }
        eventually(() -> queue("?partner_id=" + owner.partnerId()).get("length").asInt() == 5, "five jobs in review");
        var items = queue("?partner_id=" + owner.partnerId()).get("items");
        for (var item : items) {
            assertThat(item.get("result_code").asText()).as("job type " + item.get("job_type"))
                    .isEqualTo(expected.get(item.get("job_type").asInt()));
        }
        assertThat(items).extracting(i -> i.get("job_type").asInt()).containsExactlyInAnyOrder(1, 2, 4, 6, 11);
    }

    /** A zip job through prep upload and the upload URL; the sandbox engine takes it from there. */
    private String prepareAndUpload(IssuedKey owner, String userId, String jobId, int jobType, boolean allowNewEnroll)
            throws Exception {
        var signature = new SidSignature(owner.apiKey()).sign(TS, Long.toString(owner.partnerId()));
        var body = """
                {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "%s",
                 "job_id": "%s", "job_type": %d}, "allow_new_enroll": %s}"""
                .formatted(owner.partnerId(), TS, signature, userId, jobId, jobType, allowNewEnroll);
        var answer = server.post("/v1/upload", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        var url = json(answer.body()).get("upload_url").asText();
        var withIdCard = jobType == 1 || jobType == 6 || jobType == 11;
        var zip = Zips.node(Long.toString(owner.partnerId()), userId, jobId, jobType, Images.jpeg(120, 160),
                withIdCard ? Images.png(200, 130) : null);
        var put = server.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return jobId;
    }

    // ---- claims, decisions and their races in the domain ----------------------------------------------

    @Test
    void manyReviewersClaimingOneJobLeaveExactlyOneHolder() throws Exception {
        var smileJobId = jobInReview(partner, unique("u"), 4, "0842");
        var names = List.of("alice", "bob");
        var outcomes = race(16, i -> () -> review.claim(smileJobId, names.get(i % 2)).operator());
        var winners = outcomes.stream().filter(o -> !o.startsWith("refused")).distinct().toList();
        assertThat(winners).hasSize(1);
        // the winner's own later claims renewed the lease; the other's were refused
        assertThat(outcomes).filteredOn(o -> o.startsWith("refused")).allMatch(o -> o.equals("refused conflict"));
        assertThat(outcomes).filteredOn(o -> o.equals(winners.get(0))).hasSize(8);
        assertThat(queue("?partner_id=" + partner.partnerId() + "&limit=500").get("items"))
                .filteredOn(i -> i.get("smile_job_id").asText().equals(smileJobId))
                .singleElement().satisfies(i -> assertThat(i.get("claimed_by").asText()).isEqualTo(winners.get(0)));
    }

    @Test
    void racingDecisionsAppendExactlyOneFinalResult() throws Exception {
        var smileJobId = jobInReview(partner, unique("u"), 1, "0814");
        review.claim(smileJobId, "alice");
        var outcomes = race(12, i -> () -> review.decide(smileJobId, "alice", ReviewService.Decision.APPROVE,
                "looks right", 2).resultCode());
        assertThat(outcomes).filteredOn(o -> o.equals("1210")).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.equals("1210")).allMatch(o -> o.equals("refused conflict"));
        var events = detail(smileJobId).get("results");
        assertThat(events).hasSize(2);
        assertThat(events).filteredOn(e -> e.get("final").asBoolean()).hasSize(1);
    }

    /** Runs the same action on many threads at once; answers each outcome, or "refused <code>". */
    private static List<String> race(int threads, java.util.function.IntFunction<Callable<String>> action)
            throws Exception {
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(threads)) {
            var futures = new ArrayList<Future<String>>();
            for (int i = 0; i < threads; i++) {
                var task = action.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return task.call();
                    } catch (ApiException e) {
                        return "refused " + e.code().code();
                    }
                }));
            }
            start.countDown();
            var outcomes = new ArrayList<String>();
            for (var future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        }
    }

    @Test
    void aStalePageOrAMissingClaimIsRefusedAndNothingIsAppended() {
        var smileJobId = jobInReview(partner, unique("u"), 2, "0825");
        assertRefused(decide(smileJobId, "alice", "approve", 2), 409, "conflict"); // not claimed
        assertThat(claim(smileJobId, "alice").statusCode()).isEqualTo(200);
        assertRefused(claim(smileJobId, "bob"), 409, "conflict");
        assertRefused(decide(smileJobId, "bob", "approve", 2), 409, "conflict"); // claimed by another
        assertRefused(decide(smileJobId, "alice", "approve", 1), 409, "conflict"); // stale seq
        assertRefused(decide(smileJobId, "alice", "approve", 3), 409, "conflict");
        assertThat(detail(smileJobId).get("latest_seq").asInt()).isEqualTo(1);
        assertRefused(decide(smileJobId, "alice", "maybe", 2), 400, "invalid_field");
        var decided = decide(smileJobId, "alice", "approve", 2);
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(201);
        assertThat(json(decided.body()).get("ResultCode").asText()).isEqualTo("1220");
        // the page that decided it is stale now, and the claim is gone with the decision
        assertRefused(decide(smileJobId, "alice", "reject", 3), 409, "conflict");
        assertRefused(claim(smileJobId, "alice"), 409, "conflict");
    }

    @Test
    void anExpiredClaimReturnsTheJobToTheQueueForAnotherReviewer() {
        var owner = server.createPartner("Lease partner");
        var smileJobId = jobInReview(owner, unique("u"), 6, "0814");
        var claim = review.claim(smileJobId, "alice");
        assertThat(claim.leaseUntil()).isEqualTo(clock.instant().plus(ReviewService.LEASE));
        assertThat(queue("?partner_id=" + owner.partnerId()).get("items").get(0).get("claimed_by").asText()).isEqualTo("alice");
        clock.advance(Duration.ofMinutes(10));
        assertRefused(() -> review.claim(smileJobId, "bob"), ErrorCode.CONFLICT);
        assertThat(review.claim(smileJobId, "alice").leaseUntil()).isEqualTo(clock.instant().plus(ReviewService.LEASE));
        clock.advance(Duration.ofMinutes(15));
        assertThat(queue("?partner_id=" + owner.partnerId()).get("items").get(0).get("claimed_by").isNull()).isTrue();
        assertThat(review.claim(smileJobId, "bob").operator()).isEqualTo("bob");
        assertRefused(() -> review.decide(smileJobId, "alice", ReviewService.Decision.APPROVE, "late", 2),
                ErrorCode.CONFLICT);
        assertThat(review.decide(smileJobId, "bob", ReviewService.Decision.REJECT, "not a document", 2).resultCode())
                .isEqualTo("1211");
    }

    @Test
    void nextClaimsTheOldestJobNobodyHolds() {
        var owner = server.createPartner("Next partner");
        var first = jobInReview(owner, unique("u"), 4, "0844");
        clock.advance(Duration.ofSeconds(1));
        var second = jobInReview(owner, unique("u"), 4, "0846");
        // other partners' older jobs may wait too: claim until this partner's two are taken
        var taken = new ArrayList<String>();
        while (!taken.containsAll(List.of(first, second))) {
            var next = post("/internal/v1/review/next", "{\"operator\": \"alice\"}");
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            taken.add(json(next.body()).get("smile_job_id").asText());
        }
        assertThat(taken.indexOf(first)).isLessThan(taken.indexOf(second));
        assertRefused(post("/internal/v1/review/next", "{\"operator\": \"bob\"}"), 404, "not_found");
        var released = post("/internal/v1/review/" + second + "/release", "{\"operator\": \"alice\"}");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        var next = post("/internal/v1/review/next", "{\"operator\": \"bob\"}");
        assertThat(json(next.body()).get("smile_job_id").asText()).isEqualTo(second);
        for (var smileJobId : taken) {
            if (!smileJobId.equals(second)) {
                review.release(smileJobId, "alice");
            }
        }
        review.release(second, "bob");
    }

    // ---- supersession and fraud ---------------------------------------------------------------------

    @Test
    void anAdminSupersedesAFinalResultAndMarksTheUserAsFraud() {
        var user = unique("u");
        var smileJobId = jobInReview(partner, user, 1, "0814");
        var jobId = detail(smileJobId).get("job_id").asText();
        review.claim(smileJobId, "alice");
        review.decide(smileJobId, "alice", ReviewService.Decision.APPROVE, "clear match", 2);

        assertRefused(() -> review.supersede(smileJobId, "alice", "1212", "spoof found later", 3), ErrorCode.FORBIDDEN);
        assertRefused(() -> review.supersede(smileJobId, "mallory", "1212", "x", 3), ErrorCode.OPERATOR_NOT_ACTIVE);
        assertRefused(post("/internal/v1/jobs/" + smileJobId + "/supersede",
                "{\"operator\": \"root\", \"ResultCode\": \"0814\", \"reason\": \"x\", \"seq\": 3}"), 400, "invalid_field");
        var superseded = post("/internal/v1/jobs/" + smileJobId + "/supersede",
                "{\"operator\": \"root\", \"ResultCode\": \"1212\", \"reason\": \"spoof found later\", \"seq\": 3}");
        assertThat(superseded.statusCode()).as(superseded.body()).isEqualTo(201);
        assertThat(json(superseded.body()).get("ResultCode").asText()).isEqualTo("1212");

        var status = json(status(partner, user, jobId, true).body());
        assertThat(status.get("result").get("ResultCode").asText()).isEqualTo("1212");
        assertThat(status.get("job_success").booleanValue()).isFalse();
        assertThat(status.get("history")).extracting(h -> h.get("ResultCode").asText())
                .containsExactly("1212", "1210", "0814");
        var events = detail(smileJobId).get("results");
        assertThat(events.get(2).get("supersedes_seq").asInt()).isEqualTo(2);
        assertThat(events.get(2).get("produced_by").asText()).isEqualTo("operator:root");

        assertRefused(() -> review.markFraud("bob", partner.partnerId(), user, "stolen identity"), ErrorCode.FORBIDDEN);
        assertRefused(post("/internal/v1/users/fraud", """
                {"operator": "bob", "partner_id": "%d", "user_id": "%s", "reason": "x"}"""
                .formatted(partner.partnerId(), user)), 403, "forbidden");
        assertRefused(post("/internal/v1/jobs/" + smileJobId + "/supersede",
                "{\"operator\": \"alice\", \"ResultCode\": \"1212\", \"reason\": \"x\", \"seq\": 3}"), 403, "forbidden");
        var fraud = post("/internal/v1/users/fraud", """
                {"operator": "root", "partner_id": "%d", "user_id": "%s", "reason": "stolen identity"}"""
                .formatted(partner.partnerId(), user));
        assertThat(fraud.statusCode()).as(fraud.body()).isEqualTo(200);
        assertRefused(status(partner, user, jobId, false), 400, "2307");
        assertRefused(post("/internal/v1/users/fraud", """
                {"operator": "root", "partner_id": "%d", "user_id": "nobody-%s", "reason": "x"}"""
                .formatted(partner.partnerId(), UUID.randomUUID())), 404, "not_found");
        var audit = json(get("/internal/v1/audit?action=user.fraud&operator=root&limit=5").body()).get("items");
        assertThat(audit.get(0).get("detail").asText()).contains(user).contains("stolen identity");

        server.app().services().users().enable(partner.partnerId(), user);
        assertThat(status(partner, user, jobId, false).statusCode()).isEqualTo(200);

        // a job still awaiting review is decided, not superseded
        var inReview = jobInReview(partner, unique("u"), 4, "0842");
        assertRefused(() -> review.supersede(inReview, "root", "1240", "x", 2), ErrorCode.CONFLICT);
    }

    @Test
    void operatorsMustBeActiveAndReasonsGiven() {
        var smileJobId = jobInReview(partner, unique("u"), 4, "0842");
        assertRefused(() -> review.claim(smileJobId, "mallory"), ErrorCode.OPERATOR_NOT_ACTIVE);
        assertRefused(claim(smileJobId, "mallory"), 403, "operator_not_active"); // disabled
        assertRefused(claim(smileJobId, "nobody"), 403, "operator_not_active"); // unknown
        assertRefused(claim(smileJobId, ""), 400, "invalid_field");
        review.claim(smileJobId, "alice");
        assertRefused(() -> review.decide(smileJobId, "alice", ReviewService.Decision.APPROVE, " ", 2),
                ErrorCode.INVALID_FIELD);
        assertRefused(claim("0000000000", "alice"), 404, "not_found");
        assertRefused(claim("not-a-job", "alice"), 404, "not_found");
        var unauthenticated = server.send(HttpRequest.newBuilder(URI.create(server.adminBase() + "/internal/v1/review/queue"))
                .GET().build());
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        review.release(smileJobId, "alice");
    }

    // ---- the queue ----------------------------------------------------------------------------------

    @Test
    void theQueueShowsItsLengthOldestAgeAndFilters() {
        var owner = server.createPartner("Queue partner");
        assertThat(queue("?partner_id=" + owner.partnerId()).get("length").asInt()).isZero();
        assertThat(queue("?partner_id=" + owner.partnerId()).get("oldest_age_seconds").asInt()).isZero();
        var oldest = jobInReview(owner, unique("u"), 1, "0812");
        clock.advance(Duration.ofSeconds(100));
        var middle = jobInReview(owner, unique("u"), 2, "0824");
        clock.advance(Duration.ofSeconds(20));
        var newest = jobInReview(owner, unique("u"), 4, "0842");
        var done = jobInReview(owner, unique("u"), 4, "0842");
        server.recordResult(done, 2, "1240", "");

        var all = queue("?partner_id=" + owner.partnerId());
        assertThat(all.get("length").asInt()).isEqualTo(3);
        assertThat(all.get("oldest_age_seconds").asInt()).isEqualTo(120);
        assertThat(all.get("items")).extracting(i -> i.get("smile_job_id").asText()).containsExactly(oldest, middle, newest);
        assertThat(all.get("items").get(0).get("result_code").asText()).isEqualTo("0812");

        var jt4 = queue("?partner_id=" + owner.partnerId() + "&job_type=4");
        assertThat(jt4.get("length").asInt()).isEqualTo(1);
        assertThat(jt4.get("items").get(0).get("smile_job_id").asText()).isEqualTo(newest);

        var older = queue("?partner_id=" + owner.partnerId() + "&min_age_seconds=20");
        assertThat(older.get("items")).extracting(i -> i.get("smile_job_id").asText()).containsExactly(oldest, middle);

        var limited = queue("?partner_id=" + owner.partnerId() + "&limit=1");
        assertThat(limited.get("length").asInt()).isEqualTo(3);
        assertThat(limited.get("items")).hasSize(1);

        assertRefused(get("/internal/v1/review/queue?limit=0"), 400, "invalid_field");
        assertRefused(get("/internal/v1/review/queue?job_type=x"), 400, "invalid_field");
        assertThat(queue("").get("length").asInt()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyReviewActionIsAudited() {
        var smileJobId = jobInReview(partner, unique("u"), 11, "0814");
        review.claim(smileJobId, "bob");
        review.release(smileJobId, "bob");
        review.claim(smileJobId, "alice");
        review.decide(smileJobId, "alice", ReviewService.Decision.REJECT, "document tampered", 2);
        var items = json(get("/internal/v1/audit?job=" + smileJobId).body()).get("items");
        assertThat(items).extracting(i -> i.get("action").asText() + " " + i.get("actor").asText())
                .containsExactly("review.decision alice", "review.claim alice", "review.release bob", "review.claim bob");
        assertThat(items).allMatch(i -> i.get("actor_type").asText().equals("operator")
                && i.get("smile_job_id").asText().equals(smileJobId));
        var bobs = json(get("/internal/v1/audit?job=" + smileJobId + "&operator=bob&action=review.release").body())
                .get("items");
        assertThat(bobs).hasSize(1);
        assertRefused(get("/internal/v1/audit?job=nope"), 400, "invalid_field");
    }
}
