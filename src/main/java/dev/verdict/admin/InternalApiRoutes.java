package dev.verdict.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.audit.AuditLog;
import dev.verdict.callbacks.CallbackService;
import dev.verdict.http.Handler;
import dev.verdict.http.InvalidJsonException;
import dev.verdict.http.JsonSupport;
import dev.verdict.http.Reply;
import dev.verdict.http.Request;
import dev.verdict.http.Routes;
import dev.verdict.images.ImageException;
import dev.verdict.images.ImageKind;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.JobException;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobType;
import dev.verdict.jobs.WorkClaims;
import dev.verdict.jobs.JobState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * The internal API for engines and operators (DESIGN §6), on the admin listener only, behind a
 * bearer token. Without a configured token every call is refused.
 */
public final class InternalApiRoutes {
    private static final int MAX_JSON_BYTES = 1024 * 1024;

    private final Optional<byte[]> token;
    private final JobService jobs;
    private final WorkClaims claims;
    private final ImageService images;
    private final CallbackService callbacks;
    private final Duration defaultLease;

    private InternalApiRoutes(Optional<String> token, JobService jobs, WorkClaims claims, ImageService images,
            CallbackService callbacks, Duration defaultLease) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.jobs = jobs;
        this.claims = claims;
        this.images = images;
        this.callbacks = callbacks;
        this.defaultLease = defaultLease;
    }

    public static void register(Routes routes, Optional<String> token, JobService jobs, WorkClaims claims,
            ImageService images, CallbackService callbacks, Duration defaultLease) {
        var api = new InternalApiRoutes(token, jobs, claims, images, callbacks, defaultLease);
        routes.post("/internal/v1/deliveries/{delivery_id}/redrive", api.authorized(api::redrive));
        routes.post("/internal/v1/deliveries/redrive-dead", api.authorized(request -> {
            var count = callbacks.redriveAllDead();
            return Reply.json(200, Reply.Json.write(g -> g.writeNumberField("redriven", count)));
        }));
        routes.post("/internal/v1/jobs/{smile_job_id}/callbacks/replay", api.authorized(api::replay));
        routes.post("/internal/v1/work/claim", api.authorized(api::claimWork));
        routes.get("/internal/v1/images/{image_id}", api.authorized(api::imageBytes));
        routes.post("/internal/v1/jobs", api.authorized(api::createJob));
        routes.get("/internal/v1/jobs/{smile_job_id}", api.authorized(api::getJob));
        routes.put("/internal/v1/jobs/{smile_job_id}/images/{kind}", api.authorized(api::putImage));
        routes.post("/internal/v1/jobs/{smile_job_id}/results", api.authorized(api::recordResult));
    }

    private Handler authorized(Handler handler) {
        return request -> {
            if (!tokenMatches(request)) {
                return Reply.error(401, "unauthorized", "A valid admin bearer token is required");
            }
            try {
                return handler.handle(request);
            } catch (NotJson e) {
                return Reply.fieldError(400, "invalid_json", "Invalid JSON: " + e.getMessage(), null);
            } catch (JobException e) {
                return jobError(e);
            } catch (ImageException e) {
                return Reply.fieldError(400, "invalid_field", e.getMessage(), "body");
            }
        };
    }

    private boolean tokenMatches(Request request) {
        if (token.isEmpty()) {
            return false;
        }
        var header = request.header("Authorization").orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        var presented = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.get());
    }

    private Reply createJob(Request request) throws Exception {
        var json = jsonObject(request);
        var partnerId = requiredText(json, "partner_id");
        if (!partnerId.matches("\\d{1,18}")) {
            throw JobException.invalid("partner_id", "partner_id must be the partner's digits");
        }
        var jobType = json.get("job_type");
        if (jobType == null || !(jobType.isIntegralNumber() || jobType.isTextual() && jobType.asText().matches("\\d{1,3}"))) {
            throw JobException.invalid("job_type", "job_type is required and must be a number");
        }
        var params = json.get("partner_params");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw JobException.invalid("partner_params", "partner_params must be an object");
        }
        var state = optionalText(json, "state").map(s -> {
            try {
                return JobState.valueOf(s);
            } catch (IllegalArgumentException e) {
                throw JobException.invalid("state", "state must be CREATED or RECEIVED");
            }
        }).orElse(JobState.RECEIVED);
        var job = jobs.create(new JobService.NewJob(Long.parseLong(partnerId), requiredText(json, "user_id"),
                requiredText(json, "job_id"), jobType.asInt(), params instanceof ObjectNode o ? o : null,
                optionalText(json, "callback_url").orElse(null), optionalText(json, "source_sdk").orElse(null),
                optionalText(json, "source_sdk_version").orElse(null), null, state));
        return Reply.json(201, Reply.Json.write(g -> {
            g.writeStringField("smile_job_id", job.smileJobId());
            g.writeStringField("state", job.state().name());
        }));
    }

    /** An external engine claims ready jobs of its types (DESIGN §4 "Engine"). */
    private Reply claimWork(Request request) throws Exception {
        var json = jsonObject(request);
        var engine = requiredText(json, "engine");
        var typesNode = json.get("job_types");
        if (typesNode == null || !typesNode.isArray() || typesNode.isEmpty()) {
            throw JobException.invalid("job_types", "job_types must be a non-empty array of job types");
        }
        var types = new java.util.TreeSet<Integer>();
        for (var type : typesNode) {
            if (!type.isIntegralNumber() || JobType.of(type.asInt()).isEmpty()) {
                throw JobException.invalid("job_types", "job_types holds job types 1, 2, 4, 5, 6 or 11");
            }
            types.add(type.asInt());
        }
        var max = json.path("max").asInt(1);
        if (max < 1 || max > 100) {
            throw JobException.invalid("max", "max must be 1 to 100");
        }
        var leaseSeconds = json.path("lease_seconds").asLong(defaultLease.toSeconds());
        if (leaseSeconds < 1 || leaseSeconds > 3600) {
            throw JobException.invalid("lease_seconds", "lease_seconds must be 1 to 3600");
        }
        var claimed = claims.claim("engine:" + engine, types, max, Duration.ofSeconds(leaseSeconds));
        record WithImages(WorkClaims.Claimed claimed, java.util.List<dev.verdict.images.ImageRecord> images) {}
        var withImages = claimed.stream().map(c -> new WithImages(c, images.imagesOf(c.job().pk()))).toList();
        return Reply.json(200, Reply.Json.write(g -> {
            g.writeArrayFieldStart("items");
            for (var entry : withImages) {
                var item = entry.claimed();
                var jobImages = entry.images();
                var job = item.job();
                g.writeStartObject();
                g.writeStringField("smile_job_id", job.smileJobId());
                g.writeNumberField("job_type", job.jobType().code());
                g.writeStringField("partner_id", Long.toString(job.partnerId()));
                g.writeStringField("user_id", job.userId());
                g.writeStringField("job_id", job.jobId());
                g.writeStringField("next_seq", Integer.toString(job.latestSeq() + 1));
                g.writeStringField("lease_until", item.item().leaseUntil().toString());
                g.writeNumberField("attempt", item.item().attempts());
                g.writeFieldName("partner_params");
                g.writeRawValue(job.partnerParamsJson());
                g.writeFieldName("inputs");
                g.writeRawValue(job.inputsJson().orElse("{}"));
                g.writeArrayFieldStart("images");
                for (var image : jobImages) {
                    g.writeStartObject();
                    g.writeStringField("id", image.id());
                    g.writeStringField("kind", image.kind().wireName());
                    g.writeStringField("content_type", image.contentType());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        }));
    }

    /** Image bytes for an engine (audited). */
    private Reply imageBytes(Request request) {
        var id = request.pathParam("image_id");
        try {
            var content = images.read(id, "internal-api");
            var type = dev.verdict.images.ContentTypes.detect(content).orElse("application/octet-stream");
            return new Reply(200, type, content, java.util.Map.of("Cache-Control", "no-store"));
        } catch (IOException e) {
            return Reply.fieldError(404, "not_found", "No such image", "image_id");
        }
    }

    private Reply redrive(Request request) {
        var id = request.pathParam("delivery_id");
        if (!id.matches("\\d{1,18}") || !callbacks.redrive(Long.parseLong(id))) {
            return Reply.fieldError(404, "not_found", "No DEAD delivery with this id", "delivery_id");
        }
        return Reply.json(200, Reply.Json.write(g -> g.writeNumberField("redriven", 1)));
    }

    private Reply replay(Request request) {
        var smileJobId = request.pathParam("smile_job_id");
        if (jobs.find(smileJobId).isEmpty()) {
            return Reply.fieldError(404, "not_found", "No such job", "smile_job_id");
        }
        var count = callbacks.replay(smileJobId);
        return Reply.json(200, Reply.Json.write(g -> g.writeNumberField("replayed", count)));
    }

    private Reply getJob(Request request) {
        var detail = jobs.detail(request.pathParam("smile_job_id"));
        if (detail.isEmpty()) {
            return Reply.fieldError(404, "not_found", "No such job", "smile_job_id");
        }
        var job = detail.get().job();
        var jobImages = images.imagesOf(job.pk());
        var deliveries = callbacks.log(job.pk());
        return Reply.json(200, Reply.Json.write(g -> {
            g.writeStringField("smile_job_id", job.smileJobId());
            g.writeStringField("partner_id", Long.toString(job.partnerId()));
            g.writeStringField("user_id", job.userId());
            g.writeStringField("job_id", job.jobId());
            g.writeNumberField("job_type", job.jobType().code());
            g.writeStringField("state", job.state().name());
            g.writeBooleanField("job_complete", job.complete());
            g.writeBooleanField("job_success", job.success());
            g.writeNumberField("latest_seq", job.latestSeq());
            g.writeStringField("callback_url", job.callbackUrl().orElse(null));
            g.writeStringField("created_at", job.createdAt().toString());
            g.writeStringField("updated_at", job.updatedAt().toString());
            g.writeArrayFieldStart("results");
            for (var event : detail.get().events()) {
                g.writeStartObject();
                g.writeNumberField("seq", event.seq());
                g.writeBooleanField("final", event.isFinal());
                g.writeStringField("produced_by", event.producedBy());
                g.writeStringField("recorded_at", event.createdAt().toString());
                if (event.supersedesSeq().isPresent()) {
                    g.writeNumberField("supersedes_seq", event.supersedesSeq().get());
                }
                g.writeFieldName("result");
                g.writeRawValue(event.resultJson());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("images");
            for (var image : jobImages) {
                g.writeStartObject();
                g.writeStringField("id", image.id());
                g.writeStringField("kind", image.kind().wireName());
                g.writeStringField("content_type", image.contentType());
                g.writeNumberField("size_bytes", image.sizeBytes());
                g.writeStringField("sha256", image.sha256());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("deliveries");
            for (var logged : deliveries) {
                var d = logged.delivery();
                g.writeStartObject();
                g.writeNumberField("id", d.id());
                g.writeStringField("webhook_id", d.webhookId());
                g.writeStringField("target_url", d.targetUrl());
                g.writeNumberField("seq", d.seq());
                g.writeBooleanField("final", d.isFinal());
                g.writeStringField("state", d.state().name());
                g.writeNumberField("attempts", d.attempts());
                g.writeStringField("next_attempt_at",
                        d.state() == dev.verdict.callbacks.DeliveryState.PENDING ? d.nextAttemptAt().toString() : null);
                if (d.lastStatusCode().isPresent()) {
                    g.writeNumberField("last_status_code", d.lastStatusCode().get());
                }
                g.writeStringField("last_error", d.lastError().orElse(null));
                g.writeStringField("delivered_at", d.deliveredAt().map(Object::toString).orElse(null));
                g.writeArrayFieldStart("log");
                for (var attempt : logged.attempts()) {
                    g.writeStartObject();
                    g.writeNumberField("attempt", attempt.attempt());
                    g.writeStringField("at", attempt.at().toString());
                    if (attempt.statusCode().isPresent()) {
                        g.writeNumberField("status_code", attempt.statusCode().get());
                    }
                    g.writeStringField("error", attempt.error().orElse(null));
                    g.writeNumberField("duration_ms", attempt.durationMs());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        }));
    }

    private Reply putImage(Request request) throws Exception {
        var kind = ImageKind.fromWire(request.pathParam("kind"));
        if (kind.isEmpty()) {
            throw JobException.invalid("kind", "kind must be selfie, id_card_front, id_card_back or liveness");
        }
        var job = jobs.find(request.pathParam("smile_job_id"))
                .orElseThrow(() -> new JobException(JobException.Kind.NOT_FOUND, "smile_job_id", "No such job"));
        var content = request.body(ImageService.MAX_IMAGE_BYTES);
        var image = images.store(job.pk(), job.partnerId(), kind.get(), content,
                AuditLog.ActorType.ENGINE, "internal-api");
        return Reply.json(201, Reply.Json.write(g -> {
            g.writeStringField("id", image.id());
            g.writeStringField("kind", image.kind().wireName());
            g.writeStringField("content_type", image.contentType());
            g.writeNumberField("size_bytes", image.sizeBytes());
            g.writeStringField("sha256", image.sha256());
        }));
    }

    private Reply recordResult(Request request) throws Exception {
        var body = jsonObject(request);
        var event = jobs.recordResult(request.pathParam("smile_job_id"), body);
        return Reply.json(201, Reply.Json.write(g -> {
            g.writeStringField("smile_job_id", request.pathParam("smile_job_id"));
            g.writeStringField("seq", Integer.toString(event.seq()));
            g.writeBooleanField("final", event.isFinal());
            g.writeFieldName("result");
            g.writeRawValue(event.resultJson());
        }));
    }

    /** The body as a JSON object; anything else is answered 400 invalid_json by {@link #authorized}. */
    private static JsonNode jsonObject(Request request) throws Exception {
        try {
            return JsonSupport.readObject(request.body(MAX_JSON_BYTES));
        } catch (InvalidJsonException e) {
            throw new NotJson(e);
        }
    }

    /** The body is not a JSON object Verdict accepts; the message says which rule it broke. */
    private static final class NotJson extends RuntimeException {
        NotJson(InvalidJsonException cause) {
            super(cause.getMessage(), null, false, false);
        }
    }

    private static Reply jobError(JobException e) {
        var field = e.field().orElse(null);
        return switch (e.kind()) {
            case INVALID -> Reply.fieldError(400, "invalid_field", e.getMessage(), field);
            case NOT_FOUND -> Reply.fieldError(404, "not_found", e.getMessage(), field);
            case CONFLICT -> Reply.fieldError(409, "conflict", e.getMessage(), field);
        };
    }

    private static String requiredText(JsonNode json, String field) {
        return optionalText(json, field)
                .orElseThrow(() -> JobException.invalid(field, field + " is required and must be a string"));
    }

    private static Optional<String> optionalText(JsonNode json, String field) {
        var node = json.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual() && !node.textValue().isEmpty()) {
            return Optional.of(node.textValue());
        }
        if (node.isIntegralNumber()) {
            return Optional.of(node.asText());
        }
        throw JobException.invalid(field, field + " must be a non-empty string");
    }
}
