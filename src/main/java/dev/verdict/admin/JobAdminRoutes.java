package dev.verdict.admin;

import static dev.verdict.admin.AdminRequests.invalid;
import static dev.verdict.admin.AdminRequests.jsonObject;
import static dev.verdict.admin.AdminRequests.partnerId;
import static dev.verdict.admin.AdminRequests.optionalText;
import static dev.verdict.admin.AdminRequests.requiredText;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.callbacks.CallbackService;
import dev.verdict.callbacks.DeliveryJson;
import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.http.Reply;
import dev.verdict.http.Request;
import dev.verdict.http.Routes;
import dev.verdict.images.ImageJson;
import dev.verdict.images.ImageRecord;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.JobJson;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.jobs.JobType;
import dev.verdict.jobs.WorkClaims;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/**
 * Jobs in the internal API: create one, read one with its results, images and deliveries, record a
 * result, and let an external engine claim work (DESIGN §4 "Engine").
 */
final class JobAdminRoutes {
    private final JobService jobs;
    private final WorkClaims claims;
    private final ImageService images;
    private final CallbackService callbacks;
    private final Duration defaultLease;

    private JobAdminRoutes(JobService jobs, WorkClaims claims, ImageService images, CallbackService callbacks,
            Duration defaultLease) {
        this.jobs = jobs;
        this.claims = claims;
        this.images = images;
        this.callbacks = callbacks;
        this.defaultLease = defaultLease;
    }

    static void register(Routes routes, JobService jobs, WorkClaims claims, ImageService images,
            CallbackService callbacks, Duration defaultLease) {
        var table = new JobAdminRoutes(jobs, claims, images, callbacks, defaultLease);
        routes.post("/internal/v1/work/claim", table::claimWork);
        routes.post("/internal/v1/jobs", table::createJob);
        routes.get("/internal/v1/jobs/{smile_job_id}", table::getJob);
        routes.post("/internal/v1/jobs/{smile_job_id}/results", table::recordResult);
    }

    private Reply createJob(Request request) throws Exception {
        var json = jsonObject(request);
        var partner = partnerId(requiredText(json, "partner_id"));
        var jobType = json.get("job_type");
        if (jobType == null || !(jobType.isIntegralNumber() || jobType.isTextual() && jobType.asText().matches("\\d{1,3}"))) {
            throw invalid("job_type", "job_type is required and must be a number");
        }
        var params = json.get("partner_params");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw invalid("partner_params", "partner_params must be an object");
        }
        var state = optionalText(json, "state").map(s -> {
            try {
                return JobState.valueOf(s);
            } catch (IllegalArgumentException e) {
                throw invalid("state", "state must be CREATED or RECEIVED");
            }
        }).orElse(JobState.RECEIVED);
        var job = jobs.create(new JobService.NewJob(partner, requiredText(json, "user_id"),
                requiredText(json, "job_id"), jobType.asInt(), params instanceof ObjectNode o ? o : null,
                optionalText(json, "callback_url").orElse(null), optionalText(json, "source_sdk").orElse(null),
                optionalText(json, "source_sdk_version").orElse(null), null, state));
        return Reply.json(201, Reply.Json.write(g -> JobJson.writeCreated(g, job)));
    }

    /** An external engine claims ready jobs of its types, each with its images' ids. */
    private Reply claimWork(Request request) throws Exception {
        var json = jsonObject(request);
        var engine = requiredText(json, "engine");
        var typesNode = json.get("job_types");
        if (typesNode == null || !typesNode.isArray() || typesNode.isEmpty()) {
            throw invalid("job_types", "job_types must be a non-empty array of job types");
        }
        var types = new TreeSet<Integer>();
        for (var type : typesNode) {
            if (!type.isIntegralNumber() || JobType.of(type.asInt()).isEmpty()) {
                throw invalid("job_types", "job_types holds job types " + JobType.describeCodes());
            }
            types.add(type.asInt());
        }
        var max = json.path("max").asInt(1);
        if (max < 1 || max > 100) {
            throw invalid("max", "max must be 1 to 100");
        }
        var leaseSeconds = json.path("lease_seconds").asLong(defaultLease.toSeconds());
        if (leaseSeconds < 1 || leaseSeconds > 3600) {
            throw invalid("lease_seconds", "lease_seconds must be 1 to 3600");
        }
        var claimed = claims.claim("engine:" + engine, types, max, Duration.ofSeconds(leaseSeconds));
        record WithImages(WorkClaims.Claimed claimed, List<ImageRecord> images) {}
        var withImages = claimed.stream().map(c -> new WithImages(c, images.imagesOf(c.job().pk()))).toList();
        return Reply.json(200, Reply.Json.write(g -> {
            g.writeArrayFieldStart("items");
            for (var entry : withImages) {
                g.writeStartObject();
                JobJson.writeClaimed(g, entry.claimed());
                ImageJson.writeArray(g, "images", entry.images(), false);
                g.writeEndObject();
            }
            g.writeEndArray();
        }));
    }

    private Reply getJob(Request request) {
        var detail = jobs.detail(request.pathParam("smile_job_id"))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No such job", "smile_job_id"));
        var job = detail.job();
        var jobImages = images.imagesOf(job.pk());
        var deliveries = callbacks.log(job.pk());
        return Reply.json(200, Reply.Json.write(g -> {
            JobJson.writeDetail(g, detail);
            ImageJson.writeArray(g, "images", jobImages, true);
            g.writeArrayFieldStart("deliveries");
            for (var logged : deliveries) {
                g.writeStartObject();
                DeliveryJson.writeApiFields(g, logged);
                g.writeEndObject();
            }
            g.writeEndArray();
        }));
    }

    private Reply recordResult(Request request) throws Exception {
        var body = jsonObject(request);
        var smileJobId = request.pathParam("smile_job_id");
        var event = jobs.recordResult(smileJobId, body);
        return Reply.json(201, Reply.Json.write(g -> JobJson.writeRecorded(g, smileJobId, event)));
    }
}
