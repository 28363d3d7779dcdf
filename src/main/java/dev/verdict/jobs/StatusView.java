package dev.verdict.jobs;

import dev.verdict.users.UserStatus;
import java.util.Optional;

/**
 * What job_status needs about one job, read in one indexed query: the job's own fields that the
 * answer depends on, its user's status (if the user is enrolled or otherwise known) and the latest
 * result object. Deliberately not a whole {@link Job}: on the busiest read every column costs
 * (SQLite hands each column's name over per query), and the answer needs these only. The result
 * object stays the UTF-8 bytes the database holds: the answer copies them unchanged.
 */
public record StatusView(long jobPk, String userId, JobState state, boolean complete, boolean success,
        Optional<PersonalData.Removal> imagesRemoved, Optional<UserStatus> userStatus, Optional<byte[]> latestResultJson) {}
