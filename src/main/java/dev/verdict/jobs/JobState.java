package dev.verdict.jobs;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in its life (DESIGN §2). {@link #canMoveTo} is the one place transitions are
 * allowed; anything else is a bug or a conflict.
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
            case CREATED -> EnumSet.of(RECEIVED, FAILED);
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
}
