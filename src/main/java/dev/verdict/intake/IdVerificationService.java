package dev.verdict.intake;

import dev.verdict.http.JsonSupport;
import dev.verdict.identity.IdentityLookup;
import dev.verdict.identity.IdentityResults;
import dev.verdict.jobs.JobException;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.jobs.JobType;
import dev.verdict.partners.PartnerDirectory;
import dev.verdict.partners.PartnerService;
import dev.verdict.signing.SidSignature;
import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;
import java.time.InstantSource;

/**
 * Job type 5 (Enhanced / Basic KYC): {@code POST /v1/id_verification} answers the result object at
 * once, signed; {@code POST /v1/async_id_verification} accepts the job and the result arrives through
 * job_status (and callbacks). Lookups go through {@link IdentityLookup}. {@link IntakeRoutes} parses
 * the body ({@link IdVerificationRequest}) and renders the answer.
 */
public final class IdVerificationService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IdVerificationService.class);

    private final PartnerDirectory directory;
    private final PartnerService partners;
    private final JobService jobs;
    private final IdentityLookup lookup;
    private final InstantSource clock;

    public IdVerificationService(PartnerDirectory directory, PartnerService partners, JobService jobs,
            IdentityLookup lookup, InstantSource clock) {
        this.directory = directory;
        this.partners = partners;
        this.jobs = jobs;
        this.lookup = lookup;
        this.clock = clock;
    }

    /** What the ID API answers: the queued job (async), or the signed result object (sync). */
    sealed interface Verification {}

    /** {@code async_id_verification}: the job waits for an engine. */
    record Queued(String smileJobId) implements Verification {}

    /** {@code id_verification}: the result object (raw JSON), signed over the answer's own timestamp. */
    record Verified(String resultJson, String signature, String timestamp) implements Verification {}

    /** Refusals and unexpected failures are 24xx (or 2212, 2215) {@link V1Exception}s. */
    Verification verify(IdVerificationRequest request, boolean async) {
        try {
            return verifyOrThrow(request, async);
        } catch (V1Exception e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("id verification failed unexpectedly", e);
            throw new V1Exception(V1Code.ID_SYSTEM_ERROR);
        }
    }

    private Verification verifyOrThrow(IdVerificationRequest request, boolean async) {
        var caller = directory.authenticate(request.partnerId(), request.timestamp(), request.signature(),
                request.secKey())
                .orElseThrow(() -> new V1Exception(V1Code.ID_NOT_AUTHORIZED));
        if (!request.hasPartnerParams()) {
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER, "A required parameter is missing: partner_params");
        }
        if (request.jobType() != 5) {
            throw new V1Exception(V1Code.UPLOAD_INVALID_JOB_TYPE);
        }
        var userId = request.userId();
        var jobId = request.jobId();
        var query = request.query();
        if (userId == null || jobId == null || query.country() == null || query.idType() == null
                || query.idNumber() == null) {
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER, "A required parameter is missing:"
                    + " partner_params.user_id, partner_params.job_id, country, id_type and id_number");
        }
        var inputs = JsonSupport.MAPPER.createObjectNode();
        inputs.set("id_info", request.idInfo());
        var callbackUrl = request.callbackUrl();
        if (callbackUrl == null) {
            callbackUrl = partners.find(caller.partnerId()).flatMap(p -> p.defaultCallbackUrl()).orElse(null);
        }
        dev.verdict.jobs.Job job;
        try {
            var newJob = new JobService.NewJob(caller.partnerId(), userId, jobId, JobType.ENHANCED_KYC.code(), request.partnerExtras(),
                    callbackUrl, request.sourceSdk(), request.sourceSdkVersion(), caller.apiKeyId(), JobState.RECEIVED,
                    inputs, caller.legacyKeyId());
            // the asynchronous job waits for an engine; the synchronous one is answered right here
            job = async ? jobs.createAndQueue(newJob) : jobs.create(newJob);
        } catch (JobException e) {
            if (e.kind() == JobException.Kind.CONFLICT) {
                throw new V1Exception(V1Code.UPLOAD_JOB_EXISTS);
            }
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER, e.getMessage());
        }
        if (async) {
            return new Queued(job.smileJobId());
        }
        var answer = lookup.lookup(query);
        var event = jobs.recordResult(job.smileJobId(), IdentityResults.resultPost(answer, query, 1, "id-api"));
        var timestamp = SidSignature.responseTimestamp(clock.instant());
        return new Verified(event.resultJson(), caller.key().sign(timestamp, caller.partnerIdText()), timestamp);
    }
}
