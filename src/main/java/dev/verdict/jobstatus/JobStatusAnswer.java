package dev.verdict.jobstatus;

import dev.verdict.v1.V1Code;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What job_status answers an authenticated partner: the job, or a refusal. Both are signed with the
 * key that verified the request (the Ruby SDK checks every body). Refusals before authentication are
 * {@link dev.verdict.v1.V1Exception}s, answered unsigned.
 */
sealed interface JobStatusAnswer {
    /** The answer's own timestamp and the signature over it. */
    record Signed(String timestamp, String signature) {}

    Signed signed();

    /**
     * The job: 2314 while it waits for its zip, else 2302 with its latest result (raw JSON) if any.
     * Image links and history only when asked for (else empty); links keep their order.
     */
    record Found(Signed signed, boolean complete, boolean success, boolean noZipYet, Optional<byte[]> resultJson,
            Optional<Map<String, String>> imageLinks, Optional<List<byte[]>> history) implements JobStatusAnswer {}

    /** 2304, 2307, 2310 or 2301 after authentication. */
    record Refused(Signed signed, V1Code code) implements JobStatusAnswer {}
}
