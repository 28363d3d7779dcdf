package dev.verdict.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.db.CommitSignal;
import dev.verdict.db.Database;
import dev.verdict.db.DatabaseException;
import dev.verdict.users.UserService;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Job use cases: create a job, record a result, read a job. Each method is one transaction. The
 * rules for admitting a new job and for appending a result live here only; {@link JobUploads}
 * uses them too.
 */
public final class JobService {
    private static final int MAX_ID_LENGTH = 255;

    private final Database database;
    private final InstantSource clock;
    private final LongPredicate partnerExists;
    private final CommitSignal workSignal;
    private final List<ResultListener> listeners;
    private final JobStore store = new JobStore();
    private final WorkQueueStore queue;
    private final UserService users;

    /** {@code workSignal} wakes this node's engine workers after a commit that queued work. */
    public JobService(Database database, InstantSource clock, LongPredicate partnerExists, UserService users,
            CommitSignal workSignal, List<ResultListener> listeners) {
        this.database = database;
        this.users = users;
        this.clock = clock;
        this.partnerExists = partnerExists;
        this.workSignal = workSignal;
        this.listeners = List.copyOf(listeners);
        this.queue = new WorkQueueStore(database.dialect());
    }

    /** A job to create, as the internal API (and later intake) describe it. */
    public record NewJob(long partnerId, String userId, String jobId, int jobType, ObjectNode partnerExtras,
            String callbackUrl, String sourceSdk, String sourceSdkVersion, Long keyId, JobState state,
            ObjectNode inputs, Long legacyKeyId) {
        public NewJob(long partnerId, String userId, String jobId, int jobType, ObjectNode partnerExtras,
                String callbackUrl, String sourceSdk, String sourceSdkVersion, Long keyId, JobState state,
                ObjectNode inputs) {
            this(partnerId, userId, jobId, jobType, partnerExtras, callbackUrl, sourceSdk, sourceSdkVersion, keyId,
                    state, inputs, null);
        }

        public NewJob(long partnerId, String userId, String jobId, int jobType, ObjectNode partnerExtras,
                String callbackUrl, String sourceSdk, String sourceSdkVersion, Long keyId, JobState state) {
            this(partnerId, userId, jobId, jobType, partnerExtras, callbackUrl, sourceSdk, sourceSdkVersion, keyId,
                    state, null, null);
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
        workSignal.signal();
        return job;
    }

    private Job insert(NewJob request, boolean enqueue) {
        var row = row(request);
        try {
            return database.inTransaction(c -> {
                var now = clock.instant();
                var pk = store.insert(c, row, now);
                if (enqueue) {
                    queue.enqueue(c, pk, row.jobType(), now);
                }
                return store.find(c, pk, false).orElseThrow();
            });
        } catch (DatabaseException e) {
            throw duplicateOr(e);
        }
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
            if (enrolSelfieImageId != null && job.complete() && job.success() && job.personalRemoved().isEmpty()) {
                users.enrol(c, job.partnerId(), job.userId(), enrolSelfieImageId);
            }
            return events;
        });
        committed();
        return recorded;
    }

    /**
     * Writes the result to append from the job as locked by the appending transaction, and may change
     * other rows in that transaction (a reviewer's claim that the decision uses up). Throwing refuses
     * the result and rolls everything back.
     */
    @FunctionalInterface
    public interface ResultComposer {
        JsonNode compose(Connection c, Job lockedJob) throws SQLException;
    }

    /**
     * Appends the one result {@code composer} writes for the locked job, through the same rules as
     * every other result (expected {@code seq}, the result-code table, supersession, callbacks), and —
     * when it is a final success — enrols the user with {@code enrolSelfieImageId}; one transaction.
     */
    public ResultEvent recordComposed(String smileJobId, ResultComposer composer, String enrolSelfieImageId) {
        var pk = pkOf(smileJobId);
        var event = database.inTransaction(c -> {
            var job = store.find(c, pk, true).orElseThrow(() -> notFound(smileJobId));
            var appended = append(c, job, composer.compose(c, job));
            var after = store.find(c, pk, false).orElseThrow();
            if (enrolSelfieImageId != null && after.complete() && after.success()
                    && after.personalRemoved().isEmpty()) {
                users.enrol(c, after.partnerId(), after.userId(), enrolSelfieImageId);
            }
            return appended;
        });
        committed();
        return event;
    }

    /** Tells the listeners that appended results are committed. */
    void committed() {
        listeners.forEach(ResultListener::committed);
    }

    /** The row of a valid new job of an existing partner. */
    JobStore.NewJob row(NewJob request) {
        var jobType = validate(request);
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
        return new JobStore.NewJob(request.partnerId(), request.userId(), request.jobId(), jobType,
                params.toString(), request.callbackUrl(), request.sourceSdk(), request.sourceSdkVersion(),
                request.keyId(), request.inputs() == null ? null : request.inputs().toString(), request.state(),
                request.legacyKeyId());
    }

    /** A unique violation means the partner's job_id is taken. */
    RuntimeException duplicateOr(DatabaseException e) {
        if (e.getCause() instanceof SQLException sql && database.dialect().isUniqueViolation(sql)) {
            return duplicateJob();
        }
        return e;
    }

    static JobException duplicateJob() {
        return new JobException(JobException.Kind.CONFLICT, "job_id",
                "Job already exists. Did you mean to set the retry flag to true?");
    }

    /** A partner's user's jobs, newest first, at most {@code limit} (the console's job search). */
    public List<Job> jobsOfUser(long partnerId, String userId, int limit) {
        return database.read(c -> store.forUser(c, partnerId, userId, limit));
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
        committed();
        return event;
    }

    /** Appends a result event to a job locked by the caller's transaction. */
    ResultEvent append(Connection c, Job job, JsonNode body) throws SQLException {
        var smileJobId = job.smileJobId();
        var pk = job.pk();
        var parsed = ResultObject.parse(body, job.jobType());
        var seq = job.latestSeq() + 1;
        if (parsed.expectedSeq() != seq) {
            throw new JobException(JobException.Kind.CONFLICT, "seq",
                    "the next result of job " + smileJobId + " is seq " + seq + ", not " + parsed.expectedSeq());
        }
        var entry = parsed.entry();
        var next = job.state().afterResult(entry, job.complete());
        var rendered = ResultObject.render(parsed, job, seq);
        // a job whose personal data was removed (retention, erasure) keeps only the skeleton of later results too
        var json = job.personalRemoved().isPresent() ? PersonalData.stripResult(rendered) : rendered;
        var now = clock.instant();
        Integer supersedes = job.complete() && entry.isFinal() ? job.latestSeq() : null;
        var event = store.appendEvent(c, job, seq, entry.code(), entry.isFinal(), json, parsed.producedBy(), supersedes,
                now);
        var complete = job.complete() || entry.isFinal();
        var success = entry.isFinal() ? entry.success() : job.success();
        if (store.updateProgress(c, job, next, seq, complete, success, now) != 1) {
            throw new JobException(JobException.Kind.CONFLICT, null, "job " + smileJobId + " changed concurrently");
        }
        if (!next.awaitingEngine()) {
            queue.completeForJob(c, pk, now); // a final or provisional result ends the engine's work
        }
        for (var listener : listeners) {
            listener.appended(c, job, event);
        }
        return event;
    }

    /**
     * Up to {@code limit} jobs of a partner created before {@code cutoff} that still hold images
     * ({@code images} true) or personal fields, oldest first; jobs an engine is working on are left
     * for a later round. Inside the caller's transaction.
     */
    public List<Long> dueForRemoval(Connection c, long partnerId, boolean images, java.time.Instant cutoff, int limit)
            throws SQLException {
        return store.dueForRemoval(c, partnerId, images, cutoff, limit);
    }

    /** A job locked for the caller's transaction. */
    public Optional<Job> lock(Connection c, long pk) throws SQLException {
        return store.find(c, pk, true);
    }

    /** Every job of a partner's user, locked for the caller's transaction. */
    public List<Job> lockJobsOfUser(Connection c, long partnerId, String userId) throws SQLException {
        return store.forUserLocked(c, partnerId, userId);
    }

    /**
     * Removes the personal fields of a locked job under {@link PersonalData}'s rule: its inputs, its
     * partner extras and every personal field of its result events. The skeleton stays (ids, job type,
     * state, codes, texts, timestamps, seq). Returns how many result events changed.
     */
    public int removePersonalData(Connection c, Job job, PersonalData.Reason reason) throws SQLException {
        var rewritten = 0;
        for (var event : store.events(c, job.pk())) {
            var stripped = PersonalData.stripResult(event.resultJson());
            if (!stripped.equals(event.resultJson())) {
                rewritten += store.rewriteEvent(c, event.id(), stripped);
            }
        }
        store.removePersonal(c, job, PersonalData.stripPartnerParams(job.partnerParamsJson()), reason, clock.instant());
        return rewritten;
    }

    /** Records that a job's images were deleted (through the image feature), and why. */
    public void imagesRemoved(Connection c, long jobPk, PersonalData.Reason reason) throws SQLException {
        store.imagesRemoved(c, jobPk, reason, clock.instant());
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

    public List<byte[]> history(long partnerId, String userId, int maxEvents, long maxBytes) {
        return database.read(c -> store.history(c, partnerId, userId, maxEvents, maxBytes));
    }

    private static long pkOf(String smileJobId) {
        return SmileJobIds.parse(smileJobId).orElseThrow(() -> notFound(smileJobId));
    }

    private static JobException notFound(String smileJobId) {
        return new JobException(JobException.Kind.NOT_FOUND, "smile_job_id", "no job " + smileJobId);
    }

    private static JobType validate(NewJob request) {
        checkId(request.userId(), "user_id");
        checkId(request.jobId(), "job_id");
        var jobType = JobType.of(request.jobType())
                .orElseThrow(() -> JobException.invalid("job_type", "job_type must be one of " + JobType.codes()));
        if (request.callbackUrl() != null && !request.callbackUrl().matches("(?i)https?://\\S{1,2040}")) {
            throw JobException.invalid("callback_url", "callback_url must be an absolute http(s) URL");
        }
        if (request.state() == null || !request.state().startsAJob()) {
            throw JobException.invalid("state", "a new job starts CREATED or RECEIVED");
        }
        return jobType;
    }

    private static void checkId(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw JobException.invalid(field, field + " is required");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw JobException.invalid(field, field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
    }

    /** How many jobs are in each state (metrics). */
    public java.util.Map<JobState, Long> countByState() {
        return database.read(store::countByState);
    }
}
