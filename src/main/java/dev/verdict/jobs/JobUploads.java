package dev.verdict.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.db.CommitSignal;
import dev.verdict.db.Database;
import dev.verdict.db.DatabaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;

/**
 * Jobs that arrive as a zip (DESIGN §4): the prep upload creates (or, on retry, reopens) the job,
 * and the zip delivered to its upload URL is accepted or ends the job with a final error. Each
 * method is one transaction; a new job and a result follow the same rules as in {@link JobService}.
 */
public final class JobUploads {
    private final Database database;
    private final InstantSource clock;
    private final JobService jobs;
    private final CommitSignal workSignal;
    private final JobStore store = new JobStore();
    private final WorkQueueStore queue;

    /** {@code workSignal} wakes this node's engine workers once an accepted zip is committed. */
    public JobUploads(Database database, InstantSource clock, JobService jobs, CommitSignal workSignal) {
        this.database = database;
        this.clock = clock;
        this.jobs = jobs;
        this.workSignal = workSignal;
        this.queue = new WorkQueueStore(database.dialect());
    }

    /**
     * Whether the partner already has this {@code job_id} and the request cannot reopen it — answered
     * 2215 before anything is checked about the user (a resubmission is a resubmission, whoever the
     * user has become since). {@link #prepareForUpload} decides again, under the job's lock.
     */
    public boolean isDuplicate(JobService.NewJob request, boolean retry) {
        return database.read(c -> store.findByJobId(c, request.partnerId(), request.jobId(), false))
                .filter(job -> !reopens(job, request, retry)).isPresent();
    }

    /** A retry reopens a job waiting for its zip or failed, of the same user and type. */
    private static boolean reopens(Job job, JobService.NewJob request, boolean retry) {
        return retry && job.state().reopenableForRetry() && job.userId().equals(request.userId())
                && job.jobType().code() == request.jobType();
    }

    /**
     * The prep upload's job: new, or — with {@code retry} — the same job reopened under a new upload
     * generation while it is CREATED or FAILED (same smile_job_id). Otherwise the job_id is taken.
     */
    public Job prepareForUpload(JobService.NewJob request, boolean retry) {
        var row = jobs.row(request);
        try {
            return database.inTransaction(c -> {
                var existing = store.findByJobId(c, request.partnerId(), request.jobId(), true);
                if (existing.isEmpty()) {
                    var pk = store.insert(c, row, clock.instant());
                    return store.find(c, pk, false).orElseThrow();
                }
                var job = existing.get();
                if (!reopens(job, request, retry)) {
                    throw JobService.duplicateJob();
                }
                store.reopen(c, job, job.userId(), row.partnerParamsJson(), row.callbackUrl(), row.inputsJson(),
                        row.keyId(), row.legacyKeyId(), clock.instant());
                return store.find(c, job.pk(), false).orElseThrow();
            });
        } catch (DatabaseException e) {
            throw jobs.duplicateOr(e);
        }
    }

    /** How a zip delivered to an upload URL was taken. */
    public enum UploadOutcome {
        /** Stored; the job is RECEIVED. */
        ACCEPTED,
        /** A zip for this generation was taken before; nothing changed. */
        ALREADY_RECEIVED,
        /** The job was reopened since this URL was issued. */
        SUPERSEDED,
        NOT_FOUND
    }

    /** Writes a job's images inside the transaction that marks it received. */
    @FunctionalInterface
    public interface ImageWriter {
        void write(Connection c, Job job) throws SQLException;
    }

    /** Accepts a usable zip: images and inputs stored and the job RECEIVED, all in one transaction. */
    public UploadOutcome acceptUpload(String smileJobId, int generation, ObjectNode inputs, ImageWriter images) {
        var result = whileAwaitingZip(smileJobId, generation, (c, job) -> {
            images.write(c, job);
            var now = clock.instant();
            if (store.markReceived(c, job, inputs == null ? null : inputs.toString(), now) != 1) {
                throw new JobException(JobException.Kind.CONFLICT, null, "job " + smileJobId + " changed concurrently");
            }
            queue.enqueue(c, job.pk(), job.jobType(), now);
        });
        if (result == UploadOutcome.ACCEPTED) {
            workSignal.signal();
        }
        return result;
    }

    /** Ends a job whose zip was readable but unusable with a final error result (DESIGN §4). */
    public UploadOutcome failUpload(String smileJobId, int generation, String resultCode, String resultText) {
        var result = whileAwaitingZip(smileJobId, generation, (c, job) -> {
            var body = ResultObject.JSON.createObjectNode();
            body.put("seq", job.latestSeq() + 1);
            body.put("ResultCode", resultCode);
            body.put("ResultText", resultText);
            body.put("produced_by", "intake");
            jobs.append(c, job, body);
        });
        jobs.committed();
        return result;
    }

    /** Work on a job locked by the current transaction. */
    @FunctionalInterface
    private interface LockedJobStep {
        void run(Connection c, Job job) throws SQLException;
    }

    /** Runs {@code step} on the locked job, in one transaction, while this upload generation's zip is awaited. */
    private UploadOutcome whileAwaitingZip(String smileJobId, int generation, LockedJobStep step) {
        var pk = SmileJobIds.parse(smileJobId);
        if (pk.isEmpty()) {
            return UploadOutcome.NOT_FOUND;
        }
        return database.inTransaction(c -> {
            var job = store.find(c, pk.getAsLong(), true);
            if (job.isEmpty()) {
                return UploadOutcome.NOT_FOUND;
            }
            var outcome = awaiting(job.get(), generation);
            if (outcome != null) {
                return outcome;
            }
            step.run(c, job.get());
            return UploadOutcome.ACCEPTED;
        });
    }

    /** Null while this generation's zip is awaited; otherwise why the upload is not taken. */
    private static UploadOutcome awaiting(Job job, int generation) {
        if (job.uploadGeneration() != generation) {
            return UploadOutcome.SUPERSEDED;
        }
        return job.state().awaitingUpload() ? null : UploadOutcome.ALREADY_RECEIVED;
    }
}
