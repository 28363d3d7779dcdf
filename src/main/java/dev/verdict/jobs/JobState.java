package dev.verdict.jobs;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in its life (DESIGN §2), and the rules of that life. {@link #canMoveTo} is the one
 * table of allowed transitions: the job store checks it on every write of a job's state, and a
 * move it forbids is a bug. {@link #afterResult} is the one rule for what a result does to a job.
 */
public enum JobState {
    /** Prep upload done, no zip yet. */
    CREATED,
    /** Zip or ID request accepted, waiting for an engine. */
    RECEIVED,
    /** An engine has claimed it. */
    PROCESSING,
    /** A provisional result awaits a human. */
    IN_REVIEW,
    /** A final result exists. */
    COMPLETE,
    /** The input was accepted but unusable; a final error result says why. */
    FAILED;

    public boolean canMoveTo(JobState next) {
        return allowedNext().contains(next);
    }

    private Set<JobState> allowedNext() {
        return switch (this) {
            // CREATED -> CREATED: a retry reopens under a new upload generation (same smile_job_id)
            case CREATED -> EnumSet.of(CREATED, RECEIVED, FAILED);
            case RECEIVED -> EnumSet.of(RECEIVED, PROCESSING, IN_REVIEW, COMPLETE, FAILED);
            case PROCESSING -> EnumSet.of(PROCESSING, RECEIVED, IN_REVIEW, COMPLETE, FAILED);
            case IN_REVIEW -> EnumSet.of(IN_REVIEW, COMPLETE, FAILED);
            // a reviewer may overturn a final result with another final one
            case COMPLETE -> EnumSet.of(COMPLETE);
            // retry reopens a failed job (intake), or a later final result supersedes the failure
            case FAILED -> EnumSet.of(CREATED, COMPLETE, FAILED);
        };
    }

    /** True while no final result exists. */
    public boolean open() {
        return this != COMPLETE && this != FAILED;
    }

    /** A new job starts awaiting its zip, or received (ID requests, the internal API). */
    public boolean startsAJob() {
        return this == CREATED || this == RECEIVED;
    }

    /** The zip of the current upload generation is still awaited. */
    public boolean awaitingUpload() {
        return this == CREATED;
    }

    /** A prep upload with {@code retry} may reopen the job: exactly where the table allows a move to CREATED. */
    public boolean reopenableForRetry() {
        return canMoveTo(CREATED);
    }

    /** An engine owes the job a result, so its work item stays open. */
    public boolean awaitingEngine() {
        return this == RECEIVED || this == PROCESSING;
    }

    /** The state once an engine claims the job: a received job is processing; a re-claim (lease ran out) keeps it. */
    public JobState onClaim() {
        return this == RECEIVED ? PROCESSING : this;
    }

    /**
     * The state after a result with this table entry, for a job in this state ({@code complete}: it
     * already has a final result). A final error ends an unfinished job FAILED, any other final
     * result COMPLETE; a provisional result sends it to review; other steps leave it where it is.
     * A result the job cannot take is a conflict with the caller, not a bug.
     */
    public JobState afterResult(ResultCodes.Entry entry, boolean complete) {
        JobState next;
        if (entry.isFinal()) {
            next = entry.category() == ResultCategory.ERROR && !complete ? FAILED : COMPLETE;
        } else if (!open()) {
            throw new JobException(JobException.Kind.CONFLICT, "IsFinalResult",
                    "job is " + this + ": only a final result can follow a final result");
        } else if (entry.category() == ResultCategory.PROVISIONAL) {
            next = IN_REVIEW;
        } else {
            next = this;
        }
        // a job awaiting its zip takes only the intake's final error: CREATED -> CREATED is a retry, not a result
        if (!canMoveTo(next) || awaitingUpload() && next != FAILED) {
            throw new JobException(JobException.Kind.CONFLICT, "ResultCode",
                    "a job in state " + this + " cannot take result " + entry.code());
        }
        return next;
    }
}
