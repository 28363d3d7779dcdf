package dev.verdict.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.db.Database;
import dev.verdict.db.DatabaseException;
import dev.verdict.users.EnrolledUserStore;
import dev.verdict.users.UserStatus;
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
    private final JobStore store = new JobStore();
    private final EnrolledUserStore users = new EnrolledUserStore();

    public JobService(Database database, InstantSource clock, LongPredicate partnerExists) {
        this.database = database;
        this.clock = clock;
        this.partnerExists = partnerExists;
    }

    /** A job to create, as the internal API (and later intake) describe it. */
    public record NewJob(long partnerId, String userId, String jobId, int jobType, ObjectNode partnerExtras,
            String callbackUrl, String sourceSdk, String sourceSdkVersion, Long keyId, JobState state) {}

    /** A job with everything recorded about it. */
    public record JobDetail(Job job, List<ResultEvent> events) {}

    public Job create(NewJob request) {
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
        var row = new JobStore.NewJob(request.partnerId(), request.userId(), request.jobId(), request.jobType(),
                params.toString(), request.callbackUrl(), request.sourceSdk(), request.sourceSdkVersion(),
                request.keyId(), request.state());
        try {
            return database.inTransaction(c -> {
                var pk = store.insert(c, row, clock.instant());
                return store.find(c, pk, false).orElseThrow();
            });
        } catch (DatabaseException e) {
            if (e.getCause() instanceof SQLException sql && database.dialect().isUniqueViolation(sql)) {
                throw new JobException(JobException.Kind.CONFLICT, "job_id",
                        "Job already exists. Did you mean to set the retry flag to true?");
            }
            throw e;
        }
    }

    /**
     * Appends a result event. {@code body} carries the {@code seq} the caller expects to create: a
     * retry of an accepted post conflicts instead of duplicating the event.
     */
    public ResultEvent recordResult(String smileJobId, JsonNode body) {
        var pk = pkOf(smileJobId);
        return database.inTransaction(c -> {
            var job = store.find(c, pk, true).orElseThrow(() -> notFound(smileJobId));
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
            store.appendEvent(c, pk, seq, entry.code(), entry.isFinal(), json, parsed.producedBy(), supersedes, now);
            var complete = job.complete() || entry.isFinal();
            var success = entry.isFinal() ? entry.success() : job.success();
            if (store.updateProgress(c, job, next, seq, complete, success, now) != 1) {
                throw new JobException(JobException.Kind.CONFLICT, null, "job " + smileJobId + " changed concurrently");
            }
            return store.events(c, pk).getLast();
        });
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
        return database.inTransaction(c -> store.statusView(c, partnerId, jobId));
    }

    /** What Verdict knows about a user who has no matching job: status if enrolled, and whether any job exists. */
    public record UserKnowledge(Optional<UserStatus> status, boolean hasJobs) {
        public boolean known() {
            return status.isPresent() || hasJobs;
        }
    }

    public UserKnowledge userKnowledge(long partnerId, String userId) {
        return database.inTransaction(c -> new UserKnowledge(
                users.status(c, partnerId, userId), store.userHasJobs(c, partnerId, userId)));
    }

    public List<String> history(long partnerId, String userId, int maxEvents, long maxBytes) {
        return database.inTransaction(c -> store.history(c, partnerId, userId, maxEvents, maxBytes));
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
