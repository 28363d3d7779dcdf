package dev.verdict.intake;

import dev.verdict.http.JsonSupport;
import dev.verdict.jobs.JobException;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.jobs.JobType;
import dev.verdict.jobs.JobUploads;
import dev.verdict.partners.PartnerDirectory;
import dev.verdict.partners.PartnerService;
import dev.verdict.users.UserService;
import dev.verdict.users.UserStatus;
import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;
import dev.verdict.http.TooManyRequestsException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Set;

/**
 * {@code POST /v1/upload} (PROTOCOL.md §4.1–4.2): authenticates with {@code smile_client_id}, creates
 * (or, with {@code retry}, reopens) the job in state CREATED, and answers with Verdict's own signed
 * upload URL. The job is queryable from this moment (job_status answers 2314 until the zip arrives).
 * {@link IntakeRoutes} parses the body ({@link PrepUploadRequest}) and renders the answer.
 */
public final class PrepUploadService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PrepUploadService.class);
    private static final char[] REF_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final PartnerDirectory directory;
    private final PartnerService partners;
    private final UserService users;
    private final JobUploads uploads;
    private final UploadUrls urls;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();

    public PrepUploadService(PartnerDirectory directory, PartnerService partners, UserService users,
            JobUploads uploads, UploadUrls urls, InstantSource clock) {
        this.directory = directory;
        this.partners = partners;
        this.users = users;
        this.uploads = uploads;
        this.urls = urls;
        this.clock = clock;
    }

    /** What the prep upload answers: where to PUT the zip, and the job's ids. */
    public record PreparedUpload(String uploadUrl, String refId, String smileJobId) {}

    /** Creates (or reopens) the job; refusals and unexpected failures are 22xx {@link V1Exception}s. */
    PreparedUpload prepare(PrepUploadRequest request) {
        try {
            return prepareOrThrow(request);
        } catch (V1Exception | TooManyRequestsException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("prep upload failed unexpectedly", e);
            throw new V1Exception(V1Code.UPLOAD_SYSTEM_ERROR);
        }
    }

    private PreparedUpload prepareOrThrow(PrepUploadRequest request) {
        var caller = directory.authenticate(request.partnerId(), request.timestamp(), request.signature(),
                request.secKey())
                .orElseThrow(() -> new V1Exception(V1Code.UPLOAD_NOT_AUTHORIZED));
        if (!request.hasPartnerParams()) {
            throw new V1Exception(V1Code.UPLOAD_INVALID_JOB_TYPE);
        }
        // job type 5 goes through id_verification
        var jobType = JobType.of(request.jobType()).filter(JobType::uploaded)
                .orElseThrow(() -> new V1Exception(V1Code.UPLOAD_INVALID_JOB_TYPE));
        var userId = request.userId();
        var jobId = request.jobId();
        if (userId == null || jobId == null) {
            throw new V1Exception(V1Code.UPLOAD_MISSING_PARAMETER,
                    "A required parameter is missing: partner_params.user_id and partner_params.job_id");
        }
        if (userId.length() > 255 || jobId.length() > 255) {
            throw new V1Exception(V1Code.UPLOAD_WRONG_TYPE, "user_id and job_id are at most 255 characters");
        }
        var useEnrolledImage = request.useEnrolledImage();
        var inputs = JsonSupport.MAPPER.createObjectNode();
        inputs.set("id_info", request.idInfo());
        inputs.put("use_enrolled_image", useEnrolledImage);
        var callbackUrl = request.callbackUrl();
        if (callbackUrl == null) {
            callbackUrl = partners.find(caller.partnerId()).flatMap(p -> p.defaultCallbackUrl()).orElse(null);
        }
        var newJob = new JobService.NewJob(caller.partnerId(), userId, jobId, jobType.code(), request.partnerExtras(),
                callbackUrl, request.sourceSdk(), request.sourceSdkVersion(), caller.apiKeyId(), JobState.CREATED, inputs,
                caller.legacyKeyId());
        // a resubmitted job_id is 2215 whatever the user's state (PROTOCOL.md §6), so the user is checked after it
        if (uploads.isDuplicate(newJob, request.retry())) {
            throw new V1Exception(V1Code.UPLOAD_JOB_EXISTS);
        }
        checkUser(caller.partnerId(), userId, jobType, useEnrolledImage, request.allowNewEnroll());
        dev.verdict.jobs.Job job;
        try {
            job = uploads.prepareForUpload(newJob, request.retry());
        } catch (JobException e) {
            if (e.kind() == JobException.Kind.CONFLICT) {
                throw new V1Exception(V1Code.UPLOAD_JOB_EXISTS);
            }
            throw new V1Exception(V1Code.UPLOAD_WRONG_TYPE, e.getMessage());
        }
        var smileJobId = job.smileJobId();
        var uploadUrl = urls.urlFor(smileJobId, job.uploadGeneration(), clock.instant());
        var refId = caller.partnerIdText() + "-" + smileJobId + "-" + randomRef();
        return new PreparedUpload(uploadUrl, refId, smileJobId);
    }

    /** The enrolment rules of PROTOCOL.md §8: 2207 disabled, 2210 not enrolled, 2209 already enrolled. */
    private void checkUser(long partnerId, String userId, JobType jobType, boolean useEnrolledImage,
            boolean allowNewEnroll) {
        var status = users.status(partnerId, userId);
        if (status.filter(s -> s != UserStatus.ACTIVE).isPresent()) {
            throw new V1Exception(V1Code.UPLOAD_USER_DISABLED);
        }
        if (jobType.needsEnrolledUser(useEnrolledImage) && status.isEmpty()) {
            throw new V1Exception(V1Code.UPLOAD_NO_ENROLLED_USER);
        }
        if (jobType.enrolsUser() && status.isPresent() && !allowNewEnroll) {
            throw new V1Exception(V1Code.UPLOAD_ALREADY_ENROLLED);
        }
    }

    private String randomRef() {
        var chars = new char[30];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = REF_ALPHABET[random.nextInt(REF_ALPHABET.length)];
        }
        return new String(chars);
    }
}
