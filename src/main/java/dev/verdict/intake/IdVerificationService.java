package dev.verdict.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.aml.AmlResults;
import dev.verdict.aml.WatchList;
import dev.verdict.business.BusinessRegistry;
import dev.verdict.business.BusinessResults;
import dev.verdict.http.JsonSupport;
import dev.verdict.identity.IdentityLookup;
import dev.verdict.identity.IdentityResults;
import dev.verdict.jobs.Job;
import dev.verdict.jobs.JobException;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.jobs.JobType;
import dev.verdict.jobs.ResultEvent;
import dev.verdict.partners.PartnerDirectory;
import dev.verdict.partners.PartnerService;
import dev.verdict.signing.SidSignature;
import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;
import dev.verdict.http.TooManyRequestsException;
import java.time.InstantSource;

/**
 * The JSON products of the ID API family, each a job without images: job type 5 (Enhanced / Basic
 * KYC, {@code id_verification}), job type 7 (business verification, {@code business_verification})
 * and job type 10 (AML, {@code aml}). The synchronous endpoints answer the result object at once,
 * signed; the asynchronous ones ({@code async_id_verification}, {@code async_business_verification})
 * accept the job and the result arrives through job_status (and callbacks) once an engine decided
 * it. Lookups go through {@link IdentityLookup}, {@link BusinessRegistry} and {@link WatchList}.
 * {@link IntakeRoutes} parses the bodies ({@link IdVerificationRequest}, {@link AmlRequest}) and
 * renders the answers.
 */
public final class IdVerificationService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IdVerificationService.class);

    /** The two lookups sent as an {@link IdVerificationRequest}. */
    enum Product {
        ID_VERIFICATION(JobType.ENHANCED_KYC),
        BUSINESS_VERIFICATION(JobType.BUSINESS_VERIFICATION);

        private final JobType jobType;

        Product(JobType jobType) {
            this.jobType = jobType;
        }
    }

    private final PartnerDirectory directory;
    private final PartnerService partners;
    private final JobService jobs;
    private final IdentityLookup lookup;
    private final BusinessRegistry businesses;
    private final WatchList watchList;
    private final InstantSource clock;

    public IdVerificationService(PartnerDirectory directory, PartnerService partners, JobService jobs,
            IdentityLookup lookup, BusinessRegistry businesses, WatchList watchList, InstantSource clock) {
        this.directory = directory;
        this.partners = partners;
        this.jobs = jobs;
        this.lookup = lookup;
        this.businesses = businesses;
        this.watchList = watchList;
        this.clock = clock;
    }

    /** What the ID API answers: the queued job (async), or the signed result object (sync). */
    sealed interface Verification {}

    /** An asynchronous request: the job waits for an engine. */
    record Queued(String smileJobId) implements Verification {}

    /** A synchronous request: the result object (raw JSON), signed over the answer's own timestamp. */
    record Verified(String resultJson, String signature, String timestamp) implements Verification {}

    /** Refusals and unexpected failures are 24xx (or 2212, 2215) {@link V1Exception}s. */
    Verification verify(IdVerificationRequest request, Product product, boolean async) {
        return guarded(() -> verifyOrThrow(request, product, async));
    }

    /** {@code POST /v1/aml}: screens at once and answers the signed result object. */
    Verification screen(AmlRequest request) {
        return guarded(() -> screenOrThrow(request));
    }

    private Verification guarded(java.util.function.Supplier<Verification> work) {
        try {
            return work.get();
        } catch (V1Exception | TooManyRequestsException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("ID API request failed unexpectedly", e);
            throw new V1Exception(V1Code.ID_SYSTEM_ERROR);
        }
    }

    private Verification verifyOrThrow(IdVerificationRequest request, Product product, boolean async) {
        var caller = authenticate(request.partnerId(), request.timestamp(), request.signature(), request.secKey());
        if (!request.hasPartnerParams()) {
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER, "A required parameter is missing: partner_params");
        }
        if (request.jobType() != product.jobType.code()) {
            throw new V1Exception(V1Code.UPLOAD_INVALID_JOB_TYPE);
        }
        var userId = request.userId();
        var jobId = request.jobId();
        var idInfo = request.idInfo();
        if (userId == null || jobId == null || !idInfo.hasNonNull("country") || !idInfo.hasNonNull("id_type")
                || !idInfo.hasNonNull("id_number")) {
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER, "A required parameter is missing:"
                    + " partner_params.user_id, partner_params.job_id, country, id_type and id_number");
        }
        var inputs = JsonSupport.MAPPER.createObjectNode();
        inputs.set("id_info", idInfo);
        var job = create(caller, product.jobType, userId, jobId, request.partnerExtras(), request.callbackUrl(),
                request.sourceSdk(), request.sourceSdkVersion(), inputs, async);
        if (async) {
            return new Queued(job.smileJobId());
        }
        var post = switch (product) {
            case ID_VERIFICATION -> {
                var query = request.query();
                yield IdentityResults.resultPost(lookup.lookup(query), query, 1, "id-api");
            }
            case BUSINESS_VERIFICATION -> {
                var query = new BusinessRegistry.Query(idInfo.path("country").asText(), idInfo.path("id_type").asText(),
                        idInfo.path("id_number").asText(), idInfo.path("business_type").asText(null));
                yield BusinessResults.resultPost(businesses.lookup(query), query, "id-api").put("seq", 1);
            }
        };
        return signed(caller, jobs.recordResult(job.smileJobId(), post));
    }

    private Verification screenOrThrow(AmlRequest request) {
        // AML arrived after the SDKs dropped sec_key: only the HMAC signature is accepted
        var caller = authenticate(request.partnerId(), request.timestamp(), request.signature(), null);
        if (request.jobType() != -1 && request.jobType() != JobType.AML.code()) {
            throw new V1Exception(V1Code.UPLOAD_INVALID_JOB_TYPE);
        }
        if (request.userId() == null || request.jobId() == null || request.fullName() == null) {
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER,
                    "A required parameter is missing: user_id, job_id and full_name");
        }
        if (request.countries() == null) {
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER, "countries must be an array of country codes");
        }
        var aml = JsonSupport.MAPPER.createObjectNode();
        aml.put("full_name", request.fullName());
        if (request.birthYear() != null) {
            aml.put("birth_year", request.birthYear());
        }
        var countries = aml.putArray("countries");
        request.countries().forEach(countries::add);
        aml.put("strict_match", request.strictMatch());
        aml.put("search_existing_user", request.searchExistingUser());
        var inputs = JsonSupport.MAPPER.createObjectNode();
        inputs.set("aml", aml);
        var job = create(caller, JobType.AML, request.userId(), request.jobId(), request.partnerExtras(),
                request.callbackUrl(), request.sourceSdk(), request.sourceSdkVersion(), inputs, false);
        var query = new WatchList.Query(request.fullName(), request.birthYear(), request.countries(),
                request.strictMatch());
        var post = AmlResults.resultPost(watchList.screen(query), query, "aml-api").put("seq", 1);
        return signed(caller, jobs.recordResult(job.smileJobId(), post));
    }

    private PartnerDirectory.Caller authenticate(String partnerId, String timestamp, String signature, String secKey) {
        return directory.authenticate(partnerId, timestamp, signature, secKey)
                .orElseThrow(() -> new V1Exception(V1Code.ID_NOT_AUTHORIZED));
    }

    /** The job, received: queued for an engine (async) or to be decided right here (sync); 2215 when it exists. */
    private Job create(PartnerDirectory.Caller caller, JobType type, String userId, String jobId, ObjectNode extras,
            String callbackUrl, String sourceSdk, String sourceSdkVersion, ObjectNode inputs, boolean async) {
        var callback = callbackUrl != null ? callbackUrl
                : partners.find(caller.partnerId()).flatMap(p -> p.defaultCallbackUrl()).orElse(null);
        try {
            var newJob = new JobService.NewJob(caller.partnerId(), userId, jobId, type.code(), extras, callback,
                    sourceSdk, sourceSdkVersion, caller.apiKeyId(), JobState.RECEIVED, inputs, caller.legacyKeyId());
            // the asynchronous job waits for an engine; the synchronous one is answered right here
            return async ? jobs.createAndQueue(newJob) : jobs.create(newJob);
        } catch (JobException e) {
            if (e.kind() == JobException.Kind.CONFLICT) {
                throw new V1Exception(V1Code.UPLOAD_JOB_EXISTS);
            }
            throw new V1Exception(V1Code.ID_MISSING_PARAMETER, e.getMessage());
        }
    }

    /** The recorded result, signed like a job_status answer over the answer's own timestamp. */
    private Verified signed(PartnerDirectory.Caller caller, ResultEvent event) {
        var timestamp = SidSignature.responseTimestamp(clock.instant());
        return new Verified(event.resultJson(), caller.key().sign(timestamp, caller.partnerIdText()), timestamp);
    }
}
