package dev.verdict.jobs;

import java.time.Instant;

/** One claimed work item (a row of the engine's queue). {@code attempts} counts claims, this one included. */
public record WorkItem(long id, long jobPk, int jobType, String claimedBy, Instant leaseUntil, int attempts,
        long version, Instant createdAt) {}
