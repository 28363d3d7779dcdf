package dev.verdict.jobs;

import dev.verdict.users.UserStatus;
import java.util.Optional;

/**
 * What job_status needs about one job, read in one indexed query: the job, its user's status
 * (if the user is enrolled or otherwise known) and the latest result object.
 */
public record StatusView(Job job, Optional<UserStatus> userStatus, Optional<String> latestResultJson) {}
