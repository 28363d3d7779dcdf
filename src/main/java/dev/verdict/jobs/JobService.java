package dev.verdict.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.db.Database;
import dev.verdict.db.DatabaseException;
import dev.verdict.users.EnrolledUserStore;
import dev.verdict.users.UserStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/** Job use cases: create a job, record a result, read a job. Each method is one transaction. */
public final class JobService {
    private static final int MAX_ID_LENGTH = 255;

    private final Database database;
    private final InstantSource clock;
    private final LongPredicate partnerExists;
    private final WorkQueue queue;
    private final List<ResultListener> listeners;
    private final JobStore store = new JobStore();
    private final EnrolledUserStore users = new EnrolledUserStore();

    public JobService(Database database, InstantSource clock, LongPredicate partnerExists, WorkQueue queue,
            List<ResultListener> listeners) {
        this.database = database;
        this.clock = clock;
        this.partnerExists = partnerExists;
        this.queue = queue;
        this.listeners = List.copyOf(listeners);
    }

    /** A job to create, as the internal API (and later intake) describe it. */
    public record NewJob(long partnerId, String userId, String jobId, int jobType, ObjectNode partnerExtras,
            String callbackUrl, String sourceSdk, String sourceSdkVersion, Long keyId, JobState state,
            ObjectNode inputs) {
        public NewJob(long partnerId, String userId, String jobId, int jobType, ObjectNode partnerExtras,
                String callbackUrl, String sourceSdk, String sourceSdkVersion, Long keyId, JobState state) {
            this(partnerId, userId, jobId, jobType, partnerExtras, callbackUrl, sourceSdk, sourceSdkVersion, keyId,
                    state, null);
        }
    }

    /** A job with everything recorded about it. */
    public record JobDetail(Job job, List<ResultEvent> events) {}

    /** Creates a job whose results its creator records (internal API, synchronous ID checks). */
    public Job create(NewJob request) {
        return insert(request, false);
    }

    /** Creates a RECEIVED job and queues it for an engine, in one transaction. */
    public Job createAndQueue(NewJob request) {
        if (request.state() != JobState.RECEIVED) {
            throw new IllegalArgumentException("only a received job can be queued");
        }
        var job = insert(request, true);
        queue.signal();
        return job;
    }

    private Job insert(NewJob request, boolean enqueue) {
        var row = row(request);
        try {
            return database.inTransaction(c -> {
                var now = clock.instant();
                var pk = store.insert(c, row, now);
                if (enqueue) {
                    queue.enqueue(c, pk, request.jobType(), now);
                }
                return store.find(c, pk, false).orElseThrow();
            });
        } catch (DatabaseException e) {
            throw duplicateOr(e);
        }
    }

    /**
     * The prep upload's job: new, or — with {@code retry} — the same job reopened under a new upload
     * generation while it is CREATED or FAILED (same smile_job_id). Otherwise the job_id is taken.
     */
    public Job prepareForUpload(NewJob request, boolean retry) {
        var row = row(request);
        try {
            return database.inTransaction(c -> {
                var existing = store.findByJobId(c, request.partnerId(), request.jobId(), true);
                if (existing.isEmpty()) {
                    var pk = store.insert(c, row, clock.instant());
                    return store.find(c, pk, false).orElseThrow();
                }
                var job = existing.get();
                var reopenable = job.state() == JobState.CREATED || job.state() == JobState.FAILED;
                if (!retry || !reopenable || !job.userId().equals(request.userId())
                        || job.jobType() != request.jobType()) {
                    throw duplicateJob();
                }
                store.reopen(c, job, job.userId(), row.partnerParamsJson(), row.callbackUrl(), row.inputsJson(),
                        row.keyId(), clock.instant());
                return store.find(c, job.pk(), false).orElseThrow();
            });
        } catch (DatabaseException e) {
            throw duplicateOr(e);
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
            queue.signal();
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
            append(c, job, body);
        });
        listeners.forEach(ResultListener::committed);
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
            var outcome = uploadOutcome(job.get(), generation);
            if (outcome != null) {
                return outcome;
            }
            step.run(c, job.get());
            return UploadOutcome.ACCEPTED;
        });
    }

    /** A claimed work item with its job. */
    public record Claimed(WorkQueue.Item item, Job job) {}

    /** Claims ready work for an engine; the jobs move to PROCESSING in the same transaction. */
    public List<Claimed> claimWork(String owner, java.util.Collection<Integer> jobTypes, int max,
            java.time.Duration lease) {
        return database.inTransaction(c -> {
            var now = clock.instant();
            var claimed = new java.util.ArrayList<Claimed>();
            for (var item : queue.claim(c, owner, jobTypes, max, now, lease)) {
                var job = store.find(c, item.jobPk(), true).orElseThrow();
                if (job.state() == JobState.RECEIVED) {
                    store.updateProgress(c, job, JobState.PROCESSING, job.latestSeq(), job.complete(), job.success(), now);
                    job = store.find(c, item.jobPk(), false).orElseThrow();
                }
                claimed.add(new Claimed(item, job));
            }
            return claimed;
        });
    }

    /** Hands a claimed item back until {@code availableAt}. False when the claim was lost meanwhile. */
    public boolean releaseWork(WorkQueue.Item item, java.time.Instant availableAt) {
        return database.inTransaction(c -> queue.release(c, item, availableAt, clock.instant()));
    }

    /** This node's queue, for the engine's workers to wait on. */
    public WorkQueue queue() {
        return queue;
    }

    /**
     * Appends several results in one transaction (an engine's whole verdict on a job), and — when the
     * last one is a final success — enrols the user with {@code enrolSelfieImageId}.
     */
    public List<ResultEvent> recordResults(String smileJobId, List<? extends JsonNode> posts,
            String enrolSelfieImageId) {
        var pk = pkOf(smileJobId);
        var recorded = database.inTransaction(c -> {
            var events = new java.util.ArrayList<ResultEvent>();
            for (var post : posts) {
                var job = store.find(c, pk, true).orElseThrow(() -> notFound(smileJobId));
                events.add(append(c, job, post));
            }
            var job = store.find(c, pk, false).orElseThrow();
            if (enrolSelfieImageId != null && job.complete() && job.success()) {
                users.enrol(c, job.partnerId(), job.userId(), enrolSelfieImageId, clock.instant());
            }
            return events;
        });
        listeners.forEach(ResultListener::committed);
        return recorded;
    }

    private static UploadOutcome uploadOutcome(Job job, int generation) {
        if (job.uploadGeneration() != generation) {
            return UploadOutcome.SUPERSEDED;
        }
        return job.state() == JobState.CREATED ? null : UploadOutcome.ALREADY_RECEIVED;
    }

    private JobStore.NewJob row(NewJob request) {
        validate(request);
        if (!partnerExists.test(request.partnerId())) {
            throw new JobException(JobException.Kind.NOT_FOUND, "partner_id", "no partner " + request.partnerId());
        }
        var params = ResultObject.JSON.createObjectNode();
        params.put("user_id", request.userId());
        params.put("job_id", request.jobId());
        params.put("job_type", request.jobType());
        if (request.partnerExtras() != null) {
            request.partnerExtras().properties().forEach(e -> {
                if (!params.has(e.getKey())) {
                    params.set(e.getKey(), e.getValue());
                }
            });
        }
        return new JobStore.NewJob(request.partnerId(), request.userId(), request.jobId(), request.jobType(),
                params.toString(), request.callbackUrl(), request.sourceSdk(), request.sourceSdkVersion(),
                request.keyId(), request.inputs() == null ? null : request.inputs().toString(), request.state());
    }

    private RuntimeException duplicateOr(DatabaseException e) {
        if (e.getCause() instanceof SQLException sql && database.dialect().isUniqueViolation(sql)) {
            return duplicateJob();
        }
        return e;
    }

    private static JobException duplicateJob() {
        return new JobException(JobException.Kind.CONFLICT, "job_id",
                "Job already exists. Did you mean to set the retry flag to true?");
    }

    /** The job with this partner's job_id, if any. */
    public Optional<Job> findByJobId(long partnerId, String jobId) {
        return database.inTransaction(c -> store.findByJobId(c, partnerId, jobId, false));
    }

    /**
     * Appends a result event. {@code body} carries the {@code seq} the caller expects to create: a
     * retry of an accepted post conflicts instead of duplicating the event.
     */
    public ResultEvent recordResult(String smileJobId, JsonNode body) {
        var pk = pkOf(smileJobId);
        var event = database.inTransaction(c -> append(c, store.find(c, pk, true).orElseThrow(() -> notFound(smileJobId)),
                body));
        listeners.forEach(ResultListener::committed);
        return event;
    }

    /** Appends a result event to a job locked by the caller's transaction. */
    private ResultEvent append(Connection c, Job job, JsonNode body) throws SQLException {
        var smileJobId = job.smileJobId();
        var pk = job.pk();
        var parsed = ResultObject.parse(body, job.jobType());
        var seq = job.latestSeq() + 1;
        if (parsed.expectedSeq() != seq) {
            throw new JobException(JobException.Kind.CONFLICT, "seq",
                    "the next result of job " + smileJobId + " is seq " + seq + ", not " + parsed.expectedSeq());
        }
        var entry = parsed.entry();
        var next = nextState(job, entry);
        var json = ResultObject.render(parsed, job, seq);
        var now = clock.instant();
        Integer supersedes = job.complete() && entry.isFinal() ? job.latestSeq() : null;
        var event = store.appendEvent(c, job, seq, entry.code(), entry.isFinal(), json, parsed.producedBy(), supersedes,
                now);
        var complete = job.complete() || entry.isFinal();
        var success = entry.isFinal() ? entry.success() : job.success();
        if (store.updateProgress(c, job, next, seq, complete, success, now) != 1) {
            throw new JobException(JobException.Kind.CONFLICT, null, "job " + smileJobId + " changed concurrently");
        }
        if (next != JobState.RECEIVED && next != JobState.PROCESSING) {
            queue.completeForJob(c, pk, now); // a final or provisional result ends the engine's work
        }
        for (var listener : listeners) {
            listener.appended(c, job, event);
        }
        return event;
    }

    private static JobState nextState(Job job, ResultCodes.Entry entry) {
        JobState next;
        if (entry.isFinal()) {
            next = entry.category() == ResultCategory.ERROR && !job.complete() ? JobState.FAILED : JobState.COMPLETE;
        } else if (!job.state().open()) {
            throw new JobException(JobException.Kind.CONFLICT, "IsFinalResult",
                    "job is " + job.state() + ": only a final result can follow a final result");
        } else if (entry.category() == ResultCategory.PROVISIONAL) {
            next = JobState.IN_REVIEW;
        } else {
            next = job.state();
        }
        if (!job.state().canMoveTo(next)) {
            throw new JobException(JobException.Kind.CONFLICT, "ResultCode",
                    "a job in state " + job.state() + " cannot take result " + entry.code());
        }
        return next;
    }

    public Optional<JobDetail> detail(String smileJobId) {
        var pk = SmileJobIds.parse(smileJobId);
        if (pk.isEmpty()) {
            return Optional.empty();
        }
        return database.inTransaction(c -> store.find(c, pk.getAsLong(), false)
                .map(job -> {
                    try {
                        return new JobDetail(job, store.events(c, job.pk()));
                    } catch (SQLException e) {
                        throw new DatabaseException(e.getMessage(), e);
                    }
                }));
    }

    public Optional<Job> find(String smileJobId) {
        var pk = SmileJobIds.parse(smileJobId);
        if (pk.isEmpty()) {
            return Optional.empty();
        }
        return database.inTransaction(c -> store.find(c, pk.getAsLong(), false));
    }

    /** job_status: the job with its user's status and latest result, in one query. */
    public Optional<StatusView> statusView(long partnerId, String jobId) {
        return database.read(c -> store.statusView(c, partnerId, jobId));
    }

    /** What Verdict knows about a user who has no matching job: status if enrolled, and whether any job exists. */
    public record UserKnowledge(Optional<UserStatus> status, boolean hasJobs) {
        public boolean known() {
            return status.isPresent() || hasJobs;
        }
    }

    public UserKnowledge userKnowledge(long partnerId, String userId) {
        return database.read(c -> new UserKnowledge(
                users.status(c, partnerId, userId), users.hasJobs(c, partnerId, userId)));
    }

    public List<String> history(long partnerId, String userId, int maxEvents, long maxBytes) {
        return database.read(c -> store.history(c, partnerId, userId, maxEvents, maxBytes));
    }

    private static long pkOf(String smileJobId) {
        return SmileJobIds.parse(smileJobId).orElseThrow(() -> notFound(smileJobId));
    }

    private static JobException notFound(String smileJobId) {
        return new JobException(JobException.Kind.NOT_FOUND, "smile_job_id", "no job " + smileJobId);
    }

    private static void validate(NewJob request) {
        checkId(request.userId(), "user_id");
        checkId(request.jobId(), "job_id");
        if (!ResultCodes.JOB_TYPES.contains(request.jobType())) {
            throw JobException.invalid("job_type", "job_type must be one of " + ResultCodes.JOB_TYPES.stream().sorted().toList());
        }
        if (request.callbackUrl() != null && !request.callbackUrl().matches("(?i)https?://\\S{1,2040}")) {
            throw JobException.invalid("callback_url", "callback_url must be an absolute http(s) URL");
        }
        if (request.state() != JobState.CREATED && request.state() != JobState.RECEIVED) {
            throw JobException.invalid("state", "a new job starts CREATED or RECEIVED");
        }
    }

    private static void checkId(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw JobException.invalid(field, field + " is required");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw JobException.invalid(field, field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
    }
}
