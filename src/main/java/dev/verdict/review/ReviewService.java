package dev.verdict.review;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.audit.AuditLog;
import dev.verdict.db.Database;
import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.images.ImageKind;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.Job;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.jobs.ResultCodes;
import dev.verdict.jobs.ResultEvent;
import dev.verdict.jobs.SmileJobIds;
import dev.verdict.users.UserException;
import dev.verdict.users.UserService;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Human review (DESIGN §10): the queue of jobs awaiting a person, reviewers' claims (one job, one
 * reviewer, a 15-minute lease), decisions that append the final result, an admin's supersession of a
 * final result, and marking a user as fraud. Every action names an active operator and is audited in
 * the transaction that makes it. Claims and decisions are checked in the database with the job's row
 * locked, so two reviewers on two nodes never both decide one job.
 */
public final class ReviewService {
    /** How long a claim holds a job; claiming again renews it. */
    public static final Duration LEASE = Duration.ofMinutes(15);
    private static final int MAX_REASON_LENGTH = 500;
    private static final int NEXT_ATTEMPTS = 10;
    private static final int MAX_OPERATOR_LENGTH = 200;

    public enum Decision {
        APPROVE,
        REJECT
    }

    /** Which part of the queue to read: each filter optional, at most {@code limit} items. */
    public record QueueFilter(Long partnerId, Integer jobType, Duration minAge, int limit) {}

    /** A job awaiting review; {@code claimedBy} is the operator holding an unexpired claim. */
    public record QueueItem(String smileJobId, long partnerId, int jobType, String resultCode, Instant waitingSince,
            Optional<String> claimedBy) {}

    /** The (filtered) queue's length, the age of its oldest job, and its first items. */
    public record Queue(long length, long oldestAgeSeconds, List<QueueItem> items) {}

    /** A claim held by {@code operator} until {@code leaseUntil}. */
    public record Claim(String smileJobId, String operator, Instant leaseUntil) {}

    private final Database database;
    private final InstantSource clock;
    private final JobService jobs;
    private final ImageService images;
    private final UserService users;
    private final AuditLog audit;
    private final ReviewerDirectory reviewers;
    private final ReviewStore store = new ReviewStore();

    public ReviewService(Database database, InstantSource clock, JobService jobs, ImageService images,
            UserService users, AuditLog audit, ReviewerDirectory reviewers) {
        this.database = database;
        this.clock = clock;
        this.jobs = jobs;
        this.images = images;
        this.users = users;
        this.audit = audit;
        this.reviewers = reviewers;
    }

    /** The whole queue's length and oldest age, without its items: one query on the review index (metrics). */
    public Queue summary() {
        return database.read(c -> {
            var now = clock.instant();
            var summary = store.summary(c, new QueueFilter(null, null, null, 0), now);
            var oldestAge = summary.oldest().map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(0L);
            return new Queue(summary.length(), oldestAge, List.of());
        });
    }

    public Queue queue(QueueFilter filter) {
        return database.read(c -> {
            var now = clock.instant();
            var summary = store.summary(c, filter, now);
            var items = store.queue(c, filter, now).stream()
                    .map(row -> new QueueItem(SmileJobIds.format(row.jobPk()), row.partnerId(), row.jobType(),
                            row.resultCode(), row.waitingSince(), row.claimedBy()))
                    .toList();
            var oldestAge = summary.oldest().map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(0L);
            return new Queue(summary.length(), oldestAge, items);
        });
    }

    /**
     * Claims a job awaiting review for {@link #LEASE}, or renews the operator's own claim. Another
     * operator's unexpired claim is a conflict; an expired one is taken over.
     */
    public Claim claim(String smileJobId, String operator) {
        var reviewer = reviewer(operator);
        var pk = pkOf(smileJobId);
        return database.inTransaction(c -> {
            var job = store.lockJob(c, pk).orElseThrow(() -> noSuchJob());
            return claimLocked(c, job, reviewer, clock.instant()).orElseThrow(() -> {
                if (!job.inReview()) {
                    return notInReview(smileJobId);
                }
                return new ApiException(ErrorCode.CONFLICT, "job " + smileJobId + " is claimed by another operator");
            });
        });
    }

    /** Claims the oldest job nobody holds; empty when there is none. */
    public Optional<Claim> next(String operator) {
        var reviewer = reviewer(operator);
        return database.inTransaction(c -> {
            // another node may take the candidate between the read and the lock: then look again
            for (int attempt = 0; attempt < NEXT_ATTEMPTS; attempt++) {
                var now = clock.instant();
                var candidate = store.oldestUnclaimed(c, now);
                if (candidate.isEmpty()) {
                    return Optional.<Claim>empty();
                }
                var job = store.lockJob(c, candidate.get());
                if (job.isPresent()) {
                    var claimed = claimLocked(c, job.get(), reviewer, now);
                    if (claimed.isPresent()) {
                        return claimed;
                    }
                }
            }
            return Optional.<Claim>empty();
        });
    }

    private Optional<Claim> claimLocked(Connection c, ReviewStore.LockedJob job, Reviewer reviewer, Instant now)
            throws SQLException {
        if (!job.inReview()) {
            return Optional.empty();
        }
        var existing = store.claim(c, job.pk());
        var leaseUntil = now.plus(LEASE);
        var smileJobId = SmileJobIds.format(job.pk());
        if (existing.isPresent() && existing.get().operator().equals(reviewer.name())) {
            store.renewClaim(c, job.pk(), leaseUntil);
            record(c, reviewer, "review.claim", job.partnerId(), job.pk(), "renewed until " + leaseUntil);
            return Optional.of(new Claim(smileJobId, reviewer.name(), leaseUntil));
        }
        if (existing.isPresent() && existing.get().heldAt(now)) {
            return Optional.empty();
        }
        if (existing.isPresent()) {
            store.deleteClaim(c, job.pk()); // the lease ran out: the job went back to the queue
        }
        store.insertClaim(c, job.pk(), reviewer.name(), now, leaseUntil);
        record(c, reviewer, "review.claim", job.partnerId(), job.pk(), "until " + leaseUntil);
        return Optional.of(new Claim(smileJobId, reviewer.name(), leaseUntil));
    }

    /** Who holds an unexpired claim on a job, if anyone (the console shows "claimed by"). */
    public Optional<Claim> claimOf(String smileJobId) {
        var pk = SmileJobIds.parse(smileJobId);
        if (pk.isEmpty()) {
            return Optional.empty();
        }
        return database.read(c -> {
            var now = clock.instant();
            return store.claim(c, pk.getAsLong()).filter(held -> held.heldAt(now))
                    .map(held -> new Claim(smileJobId, held.operator(), held.leaseUntil()));
        });
    }

    /** Gives a claimed job back to the queue. Releasing a job nobody holds changes nothing. */
    public void release(String smileJobId, String operator) {
        var reviewer = reviewer(operator);
        var pk = pkOf(smileJobId);
        database.run(c -> {
            var job = store.lockJob(c, pk).orElseThrow(() -> noSuchJob());
            var existing = store.claim(c, pk);
            if (existing.isEmpty()) {
                return;
            }
            if (!existing.get().operator().equals(reviewer.name()) && existing.get().heldAt(clock.instant())) {
                throw new ApiException(ErrorCode.CONFLICT, "job " + smileJobId + " is claimed by another operator");
            }
            store.deleteClaim(c, pk);
            record(c, reviewer, "review.release", job.partnerId(), pk, null);
        });
    }

    /**
     * Decides a job the operator has claimed: appends the final result the result-code table gives for
     * the provisional result and the decision, with {@code seq} the one it creates (a stale page
     * conflicts), and uses the claim up, in one transaction. An approved enrolment enrols the user with
     * the job's selfie, as the engine's machine success does; a rejected one enrols nobody.
     */
    public ResultEvent decide(String smileJobId, String operator, Decision decision, String reason, int seq) {
        var reviewer = reviewer(operator);
        var why = reason(reason);
        var job = jobs.find(smileJobId).orElseThrow(() -> noSuchJob());
        var enrolSelfie = decision == Decision.APPROVE ? enrolmentSelfie(job) : null;
        return jobs.recordComposed(smileJobId, (c, locked) -> {
            if (locked.state() != JobState.IN_REVIEW) {
                throw notInReview(smileJobId);
            }
            var claim = store.claim(c, locked.pk());
            if (claim.isEmpty() || !claim.get().operator().equals(reviewer.name())
                    || !claim.get().heldAt(clock.instant())) {
                throw new ApiException(ErrorCode.CONFLICT,
                        "job " + smileJobId + " must be claimed by this operator before it is decided");
            }
            var provisional = store.resultCode(c, locked.pk(), locked.latestSeq()).orElseThrow();
            var decisions = ResultCodes.decisions(provisional, locked.jobType().code())
                    .orElseThrow(() -> new ApiException(ErrorCode.CONFLICT,
                            "the latest result of job " + smileJobId + " is not provisional"));
            var outcome = decision == Decision.APPROVE ? decisions.approve() : decisions.reject();
            store.deleteClaim(c, locked.pk());
            record(c, reviewer, "review.decision", locked.partnerId(), locked.pk(),
                    decision.name().toLowerCase(Locale.ROOT) + " " + provisional + " -> " + outcome.code()
                            + ": " + why);
            return humanResult(seq, outcome.code(), reviewer);
        }, enrolSelfie);
    }

    /**
     * Overturns a job's final result (admin): a new final result naming the one it supersedes. A new
     * success of an enrolling job type enrols the user with the job's selfie; a new failure withdraws
     * the enrolment that selfie made, so an overturned enrolment leaves no active enrolled user.
     */
    public ResultEvent supersede(String smileJobId, String operator, String resultCode, String reason, int seq) {
        var admin = admin(operator);
        var why = reason(reason);
        var job = jobs.find(smileJobId).orElseThrow(() -> noSuchJob());
        var entry = ResultCodes.find(resultCode, job.jobType().code())
                .filter(ResultCodes.Entry::isFinal)
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_FIELD,
                        "ResultCode must be a final result code of job type " + job.jobType().code(), "ResultCode"));
        var selfie = enrolmentSelfie(job);
        return jobs.recordComposed(smileJobId, (c, locked) -> {
            if (!locked.complete()) {
                throw new ApiException(ErrorCode.CONFLICT, "job " + smileJobId
                        + " has no final result to supersede (a job awaiting review is decided through review)");
            }
            if (selfie != null && !entry.success()) {
                users.withdrawEnrolment(c, locked.partnerId(), locked.userId(), selfie);
            }
            record(c, admin, "job.supersede", locked.partnerId(), locked.pk(),
                    "seq " + locked.latestSeq() + " -> " + entry.code() + ": " + why);
            return humanResult(seq, entry.code(), admin);
        }, entry.success() ? selfie : null);
    }

    /** Marks a partner's user as fraud (admin): disabled, so job_status answers 2307; enable reverses it. */
    public void markFraud(String operator, long partnerId, String userId, String reason) {
        var admin = admin(operator);
        var why = reason(reason);
        try {
            database.run(c -> {
                users.disable(c, partnerId, userId);
                audit.record(c, entry(admin, "user.fraud", partnerId, null, "user " + userId + ": " + why));
            });
        } catch (UserException e) {
            throw new ApiException(ErrorCode.NOT_FOUND, e.getMessage(), "user_id");
        }
    }

    /** The selfie an approved job of an enrolling type enrols; null when nothing is enrolled. */
    private String enrolmentSelfie(Job job) {
        if (!job.jobType().enrolsUser()) {
            return null;
        }
        return images.imagesOf(job.pk()).stream().filter(i -> i.kind() == ImageKind.SELFIE).findFirst()
                .map(i -> i.id()).orElse(null);
    }

    /**
     * The result a person produced: not a machine result, the operator as its producer. The reason
     * stays in the audit log: it is the operator's note, not part of the v1 answer partners receive.
     */
    private static ObjectNode humanResult(int seq, String code, Reviewer reviewer) {
        var post = JsonNodeFactory.instance.objectNode();
        post.put("seq", seq);
        post.put("ResultCode", code);
        post.put("IsMachineResult", "false");
        post.put("produced_by", "operator:" + reviewer.name());
        return post;
    }

    private Reviewer reviewer(String name) {
        if (name == null || name.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "operator is required", "operator");
        }
        if (name.length() > MAX_OPERATOR_LENGTH) {
            throw new ApiException(ErrorCode.OPERATOR_NOT_ACTIVE, ErrorCode.OPERATOR_NOT_ACTIVE.text(), "operator");
        }
        return reviewers.active(name).orElseThrow(() -> new ApiException(ErrorCode.OPERATOR_NOT_ACTIVE,
                ErrorCode.OPERATOR_NOT_ACTIVE.text(), "operator"));
    }

    private Reviewer admin(String name) {
        var reviewer = reviewer(name);
        if (!reviewer.admin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "this action needs an admin operator", "operator");
        }
        return reviewer;
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "reason is required", "reason");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new ApiException(ErrorCode.INVALID_FIELD,
                    "reason is longer than " + MAX_REASON_LENGTH + " characters", "reason");
        }
        return reason;
    }

    private void record(Connection c, Reviewer reviewer, String action, long partnerId, long jobPk, String detail)
            throws SQLException {
        audit.record(c, entry(reviewer, action, partnerId, jobPk, detail));
    }

    private static AuditLog.Entry entry(Reviewer reviewer, String action, long partnerId, Long jobPk, String detail) {
        return new AuditLog.Entry(AuditLog.ActorType.OPERATOR, reviewer.name(), action, partnerId, jobPk, null, detail);
    }

    private static long pkOf(String smileJobId) {
        return SmileJobIds.parse(smileJobId).orElseThrow(ReviewService::noSuchJob);
    }

    private static ApiException noSuchJob() {
        return new ApiException(ErrorCode.NOT_FOUND, "No such job", "smile_job_id");
    }

    private static ApiException notInReview(String smileJobId) {
        return new ApiException(ErrorCode.CONFLICT, "job " + smileJobId + " is not awaiting review");
    }
}
