package dev.verdict.jobs;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * How the internal API shows a job and its results (docs/api.md "Internal API"). Writes fields into
 * the object the caller has opened, so a route can add what other features know (images, deliveries).
 */
public final class JobJson {
    private JobJson() {}

    /** A new job: its id and state. */
    public static void writeCreated(JsonGenerator g, Job job) throws IOException {
        g.writeStringField("smile_job_id", job.smileJobId());
        g.writeStringField("state", job.state().name());
    }

    /** The job itself, then its result events in {@code seq} order as {@code results}. */
    public static void writeDetail(JsonGenerator g, JobService.JobDetail detail) throws IOException {
        var job = detail.job();
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
        writeRemoval(g, "images_removed", job.imagesRemoved());
        writeRemoval(g, "personal_removed", job.personalRemoved());
        g.writeArrayFieldStart("results");
        for (var event : detail.events()) {
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
    }

    /** A job an engine claimed: what it needs to work on it (the images follow from the caller). */
    public static void writeClaimed(JsonGenerator g, WorkClaims.Claimed claimed) throws IOException {
        var job = claimed.job();
        g.writeStringField("smile_job_id", job.smileJobId());
        g.writeNumberField("job_type", job.jobType().code());
        g.writeStringField("partner_id", Long.toString(job.partnerId()));
        g.writeStringField("user_id", job.userId());
        g.writeStringField("job_id", job.jobId());
        g.writeStringField("next_seq", Integer.toString(job.latestSeq() + 1));
        g.writeStringField("lease_until", claimed.item().leaseUntil().toString());
        g.writeNumberField("attempt", claimed.item().attempts());
        g.writeFieldName("partner_params");
        g.writeRawValue(job.partnerParamsJson());
        g.writeFieldName("inputs");
        g.writeRawValue(job.inputsJson().orElse("{}"));
    }

    /** {@code {"reason": "retention"|"erasure", "at": ...}}, or null while the job still holds it. */
    private static void writeRemoval(JsonGenerator g, String name, java.util.Optional<PersonalData.Removal> removal)
            throws IOException {
        if (removal.isEmpty()) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeStringField("reason", removal.get().reason().name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("at", removal.get().at().toString());
        g.writeEndObject();
    }

    /** A result just recorded for a job. */
    public static void writeRecorded(JsonGenerator g, String smileJobId, ResultEvent event) throws IOException {
        g.writeStringField("smile_job_id", smileJobId);
        g.writeStringField("seq", Integer.toString(event.seq()));
        g.writeBooleanField("final", event.isFinal());
        g.writeFieldName("result");
        g.writeRawValue(event.resultJson());
    }
}
