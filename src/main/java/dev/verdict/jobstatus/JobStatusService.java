package dev.verdict.jobstatus;

import dev.verdict.v1.V1Code;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.verdict.http.InvalidJsonException;
import dev.verdict.http.Reply;
import dev.verdict.images.ImageLinks;
import dev.verdict.images.ImageRecord;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.jobs.StatusView;
import dev.verdict.partners.PartnerDirectory;
import dev.verdict.partners.PartnerDirectory.Caller;
import dev.verdict.signing.SidSignature;
import dev.verdict.users.UserStatus;
import java.io.IOException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/job_status} (DESIGN §3): the checks in their fixed order, the answer signed with
 * the key that verified the request, and the v1 key order and types.
 */
public final class JobStatusService {
    private static final Logger LOG = LoggerFactory.getLogger(JobStatusService.class);

    /** Limits that keep one answer bounded. */
    public record Limits(int historyMaxEvents, long historyMaxBytes) {}

    private final PartnerDirectory partners;
    private final JobService jobs;
    private final ImageService images;
    private final ImageLinks links;
    private final InstantSource clock;
    private final Limits limits;

    public JobStatusService(PartnerDirectory partners, JobService jobs, ImageService images, ImageLinks links,
            InstantSource clock, Limits limits) {
        this.partners = partners;
        this.jobs = jobs;
        this.images = images;
        this.links = links;
        this.clock = clock;
        this.limits = limits;
    }

    public Reply answer(byte[] body) {
        JobStatusRequest request;
        try {
            request = JobStatusRequest.parse(body);
        } catch (InvalidJsonException e) {
            var code = V1Code.STATUS_INVALID_JSON;
            return Reply.error(code.httpStatus(), code.code(), code.text() + ": " + e.getMessage());
        }
        if (!request.complete()) {
            return unsigned(V1Code.STATUS_MISSING_PARAMETERS);
        }
        Caller caller;
        try {
            caller = request.signature().isEmpty() ? null
                    : partners.authenticate(request.partnerId(), request.timestamp(), request.signature().get())
                            .orElse(null);
        } catch (RuntimeException e) {
            LOG.error("job_status authentication failed unexpectedly", e);
            return unsigned(V1Code.STATUS_SYSTEM_ERROR);
        }
        if (caller == null) {
            return unsigned(V1Code.STATUS_INVALID_SEC_KEY);
        }
        try {
            return lookup(caller, request);
        } catch (RuntimeException e) {
            LOG.error("job_status lookup failed for partner {}", caller.partnerId(), e);
            return signedError(caller, V1Code.STATUS_SYSTEM_ERROR);
        }
    }

    private Reply lookup(Caller caller, JobStatusRequest request) {
        var view = jobs.statusView(caller.partnerId(), request.jobId())
                .filter(v -> v.job().userId().equals(request.userId()));
        if (view.isPresent()) {
            if (view.get().userStatus().filter(s -> s != UserStatus.ACTIVE).isPresent()) {
                return signedError(caller, V1Code.STATUS_USER_DISABLED);
            }
            return success(caller, request, view.get());
        }
        var user = jobs.userKnowledge(caller.partnerId(), request.userId());
        if (user.status().filter(s -> s != UserStatus.ACTIVE).isPresent()) {
            return signedError(caller, V1Code.STATUS_USER_DISABLED);
        }
        return signedError(caller, user.known() ? V1Code.STATUS_JOB_NOT_FOUND : V1Code.STATUS_NO_ENROLLED_USER);
    }

    private Reply success(Caller caller, JobStatusRequest request, StatusView view) {
        var job = view.job();
        // a job waiting for its zip (new, or reopened by a retry) answers 2314 whatever it recorded before
        var noZipYet = job.state() == JobState.CREATED;
        var imageLinks = request.imageLinks() ? imageLinks(job.pk()) : null;
        var history = request.history()
                ? jobs.history(caller.partnerId(), request.userId(), limits.historyMaxEvents(), limits.historyMaxBytes())
                : null;
        var timestamp = SidSignature.responseTimestamp(clock.instant());
        var body = Reply.Json.write(g -> {
            g.writeStringField("timestamp", timestamp);
            g.writeStringField("signature", caller.key().sign(timestamp, caller.partnerIdText()));
            g.writeBooleanField("job_complete", job.complete());
            g.writeBooleanField("job_success", job.success());
            g.writeStringField("code", (noZipYet ? V1Code.STATUS_NO_ZIP_RECEIVED : V1Code.STATUS_SUCCESS).code());
            if (noZipYet) {
                g.writeStringField("result", V1Code.STATUS_NO_ZIP_RECEIVED.text());
            } else if (view.latestResultJson().isPresent()) {
                g.writeFieldName("result");
                g.writeRawValue(view.latestResultJson().get());
            }
            if (imageLinks != null) {
                writeImageLinks(g, imageLinks);
            }
            if (history != null) {
                g.writeArrayFieldStart("history");
                for (var item : history) {
                    g.writeRawValue(item);
                }
                g.writeEndArray();
            }
        });
        return Reply.json(200, body);
    }

    /** Link key → URL for the newest image of each linkable kind; empty when the job has none. */
    private LinkedHashMap<String, String> imageLinks(long jobPk) {
        var now = clock.instant();
        var result = new LinkedHashMap<String, String>();
        List<ImageRecord> all = images.imagesOf(jobPk);
        for (var image : all) {
            image.kind().linkKey().ifPresent(key -> result.put(key, links.linkFor(image.id(), now)));
        }
        // selfie first, as partners expect, then the ID card sides
        var ordered = new LinkedHashMap<String, String>();
        for (var key : List.of("selfie_image", "id_card_image", "id_card_back_image")) {
            if (result.containsKey(key)) {
                ordered.put(key, result.get(key));
            }
        }
        return ordered;
    }

    private static void writeImageLinks(JsonGenerator g, LinkedHashMap<String, String> links) throws IOException {
        g.writeObjectFieldStart("image_links");
        if (links.isEmpty()) {
            g.writeStringField("error", "No images found");
        }
        for (var entry : links.entrySet()) {
            g.writeStringField(entry.getKey(), entry.getValue());
        }
        g.writeEndObject();
    }

    private static Reply unsigned(V1Code code) {
        return Reply.error(code.httpStatus(), code.code(), code.text());
    }

    /** Errors after authentication carry timestamp and signature too (the Ruby SDK checks every body). */
    private Reply signedError(Caller caller, V1Code code) {
        var timestamp = SidSignature.responseTimestamp(clock.instant());
        return Reply.json(code.httpStatus(), Reply.Json.write(g -> {
            g.writeStringField("error", code.text());
            g.writeStringField("code", code.code());
            g.writeStringField("timestamp", timestamp);
            g.writeStringField("signature", caller.key().sign(timestamp, caller.partnerIdText()));
        }));
    }
}
