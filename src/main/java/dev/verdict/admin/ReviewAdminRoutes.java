package dev.verdict.admin;

import static dev.verdict.admin.AdminRequests.invalid;
import static dev.verdict.admin.AdminRequests.jsonObject;
import static dev.verdict.admin.AdminRequests.partnerId;
import static dev.verdict.admin.AdminRequests.requiredText;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.http.Reply;
import dev.verdict.http.Request;
import dev.verdict.http.Routes;
import dev.verdict.review.ReviewService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Human review through the internal API (DESIGN §10 "The same actions through the internal API"), for
 * teams with their own review tools: the queue, claims, decisions, supersession and fraud marks, each
 * naming an active operator in {@code operator}. The paths and shapes are stable.
 */
final class ReviewAdminRoutes {
    private static final int DEFAULT_QUEUE_LIMIT = 50;
    private static final int MAX_QUEUE_LIMIT = 500;

    private final ReviewService review;

    private ReviewAdminRoutes(ReviewService review) {
        this.review = review;
    }

    static void register(Routes routes, ReviewService review) {
        var table = new ReviewAdminRoutes(review);
        routes.get("/internal/v1/review/queue", table::queue);
        routes.post("/internal/v1/review/next", table::next);
        routes.post("/internal/v1/review/{smile_job_id}/claim", table::claim);
        routes.post("/internal/v1/review/{smile_job_id}/release", table::release);
        routes.post("/internal/v1/review/{smile_job_id}/decision", table::decide);
        routes.post("/internal/v1/jobs/{smile_job_id}/supersede", table::supersede);
        routes.post("/internal/v1/users/fraud", table::markFraud);
    }

    private Reply queue(Request request) {
        var partnerId = digits(request, "partner_id", 18).map(Long::parseLong).orElse(null);
        var jobType = digits(request, "job_type", 3).map(Integer::parseInt).orElse(null);
        var minAge = digits(request, "min_age_seconds", 9).map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(null);
        var limit = digits(request, "limit", 4).map(Integer::parseInt).orElse(DEFAULT_QUEUE_LIMIT);
        if (limit < 1 || limit > MAX_QUEUE_LIMIT) {
            throw invalid("limit", "limit must be 1 to " + MAX_QUEUE_LIMIT);
        }
        var queue = review.queue(new ReviewService.QueueFilter(partnerId, jobType, minAge, limit));
        return Reply.json(200, Reply.Json.write(g -> {
            g.writeNumberField("length", queue.length());
            g.writeNumberField("oldest_age_seconds", queue.oldestAgeSeconds());
            g.writeArrayFieldStart("items");
            for (var item : queue.items()) {
                g.writeStartObject();
                g.writeStringField("smile_job_id", item.smileJobId());
                g.writeStringField("partner_id", Long.toString(item.partnerId()));
                g.writeNumberField("job_type", item.jobType());
                g.writeStringField("result_code", item.resultCode());
                g.writeStringField("waiting_since", item.waitingSince().toString());
                g.writeStringField("claimed_by", item.claimedBy().orElse(null));
                g.writeEndObject();
            }
            g.writeEndArray();
        }));
    }

    private Reply claim(Request request) throws Exception {
        var json = jsonObject(request);
        var claim = review.claim(request.pathParam("smile_job_id"), requiredText(json, "operator"));
        return Reply.json(200, Reply.Json.write(g -> writeClaim(g, claim)));
    }

    /** Verdict's addition: claims the oldest job nobody holds; 404 when the queue has none. */
    private Reply next(Request request) throws Exception {
        var json = jsonObject(request);
        var claim = review.next(requiredText(json, "operator")).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no job awaits review unclaimed"));
        return Reply.json(200, Reply.Json.write(g -> writeClaim(g, claim)));
    }

    private Reply release(Request request) throws Exception {
        var json = jsonObject(request);
        var smileJobId = request.pathParam("smile_job_id");
        review.release(smileJobId, requiredText(json, "operator"));
        return Reply.json(200, Reply.Json.write(g -> {
            g.writeStringField("smile_job_id", smileJobId);
            g.writeBooleanField("released", true);
        }));
    }

    private Reply decide(Request request) throws Exception {
        var json = jsonObject(request);
        var decision = switch (requiredText(json, "decision").toLowerCase(Locale.ROOT)) {
            case "approve" -> ReviewService.Decision.APPROVE;
            case "reject" -> ReviewService.Decision.REJECT;
            default -> throw invalid("decision", "decision must be approve or reject");
        };
        var event = review.decide(request.pathParam("smile_job_id"), requiredText(json, "operator"), decision,
                requiredText(json, "reason"), seq(json));
        return Reply.json(201, event.resultJson().getBytes(StandardCharsets.UTF_8));
    }

    private Reply supersede(Request request) throws Exception {
        var json = jsonObject(request);
        var code = requiredText(json, "ResultCode");
        if (!code.matches("\\d{4}")) {
            throw invalid("ResultCode", "ResultCode must be a 4-digit string");
        }
        var event = review.supersede(request.pathParam("smile_job_id"), requiredText(json, "operator"), code,
                requiredText(json, "reason"), seq(json));
        return Reply.json(201, event.resultJson().getBytes(StandardCharsets.UTF_8));
    }

    private Reply markFraud(Request request) throws Exception {
        var json = jsonObject(request);
        var partnerId = requiredText(json, "partner_id");
        var partner = partnerId(partnerId);
        var userId = requiredText(json, "user_id");
        review.markFraud(requiredText(json, "operator"), partner, userId,
                requiredText(json, "reason"));
        return Reply.json(200, Reply.Json.write(g -> {
            g.writeStringField("partner_id", partnerId);
            g.writeStringField("user_id", userId);
            g.writeStringField("status", "DISABLED");
        }));
    }

    private static void writeClaim(JsonGenerator g, ReviewService.Claim claim) throws IOException {
        g.writeStringField("smile_job_id", claim.smileJobId());
        g.writeStringField("claimed_by", claim.operator());
        g.writeStringField("lease_until", claim.leaseUntil().toString());
    }

    private static int seq(JsonNode json) {
        var seq = requiredText(json, "seq");
        if (!seq.matches("[1-9]\\d{0,8}")) {
            throw invalid("seq", "seq must be a positive whole number");
        }
        return Integer.parseInt(seq);
    }

    /** An optional query parameter of at most {@code maxDigits} digits. */
    static Optional<String> digits(Request request, String name, int maxDigits) {
        var value = request.query(name).filter(v -> !v.isEmpty());
        if (value.isPresent() && !value.get().matches("\\d{1," + maxDigits + "}")) {
            throw invalid(name, name + " must be a whole number");
        }
        return value;
    }
}
