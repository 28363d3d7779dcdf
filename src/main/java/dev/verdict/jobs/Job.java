package dev.verdict.jobs;

import java.time.Instant;
import java.util.Optional;

/** A verification job (DESIGN §2). {@code pk} is internal; partners know {@link #smileJobId()}. */
public record Job(
        long pk,
        long partnerId,
        String userId,
        String jobId,
        JobType jobType,
        String partnerParamsJson,
        Optional<String> callbackUrl,
        Optional<String> sourceSdk,
        Optional<String> sourceSdkVersion,
        Optional<Long> keyId,
        Optional<String> inputsJson,
        int uploadGeneration,
        JobState state,
        long version,
        int latestSeq,
        boolean complete,
        boolean success,
        Instant createdAt,
        Instant updatedAt,
        Optional<PersonalData.Removal> imagesRemoved,
        Optional<PersonalData.Removal> personalRemoved) {

    public String smileJobId() {
        return SmileJobIds.format(pk);
    }
}
