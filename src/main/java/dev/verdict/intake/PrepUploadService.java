package dev.verdict.intake;

import dev.verdict.v1.V1Code;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.InvalidJsonException;
import dev.verdict.http.JsonFields;
import dev.verdict.http.JsonSupport;
import dev.verdict.http.Reply;
import dev.verdict.jobs.JobException;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.jobs.JobType;
import dev.verdict.jobs.JobUploads;
import dev.verdict.partners.PartnerDirectory;
import dev.verdict.partners.PartnerService;
import dev.verdict.users.UserService;
import dev.verdict.users.UserStatus;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/upload} (PROTOCOL.md §4.1–4.2): authenticates with {@code smile_client_id}, creates
 * (or, with {@code retry}, reopens) the job in state CREATED, and answers with Verdict's own signed
 * upload URL. The job is queryable from this moment (job_status answers 2314 until the zip arrives).
 */
public final class PrepUploadService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PrepUploadService.class);
    /** Node spreads id_info into the top level of the prep upload body. */
    private static final List<String> ID_INFO_KEYS = List.of("country", "id_type", "id_number", "first_name",
            "middle_name", "last_name", "dob", "phone_number", "entered");
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

    public Reply prepare(byte[] body) {
        try {
            return prepareOrThrow(body);
        } catch (IntakeException e) {
            return Reply.error(e.code().httpStatus(), e.code().code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("prep upload failed unexpectedly", e);
            return Reply.error(500, V1Code.UPLOAD_SYSTEM_ERROR.code(), V1Code.UPLOAD_SYSTEM_ERROR.text());
        }
    }

    private Reply prepareOrThrow(byte[] body) {
        var request = parseObject(body);
        var partnerId = JsonFields.text(request.get("smile_client_id"));
        if (partnerId == null) {
            partnerId = JsonFields.text(request.get("partner_id"));
        }
        var timestamp = JsonFields.text(request.get("timestamp"));
        var signature = JsonFields.text(request.get("signature"));
        if (partnerId == null || timestamp == null || signature == null) {
            throw new IntakeException(V1Code.UPLOAD_MISSING_PARAMETER,
                    "A required parameter is missing: smile_client_id, timestamp and signature");
        }
        var caller = directory.authenticate(partnerId, timestamp, signature)
                .orElseThrow(() -> new IntakeException(V1Code.UPLOAD_NOT_AUTHORIZED));

        if (!(request.get("partner_params") instanceof ObjectNode params)) {
            throw new IntakeException(V1Code.UPLOAD_INVALID_JOB_TYPE);
        }
        // job type 5 goes through id_verification
        var jobType = JobType.of(JsonFields.jobType(params.get("job_type"))).filter(JobType::uploaded)
                .orElseThrow(() -> new IntakeException(V1Code.UPLOAD_INVALID_JOB_TYPE));
        var userId = JsonFields.text(params.get("user_id"));
        var jobId = JsonFields.text(params.get("job_id"));
        if (userId == null || jobId == null) {
            throw new IntakeException(V1Code.UPLOAD_MISSING_PARAMETER,
                    "A required parameter is missing: partner_params.user_id and partner_params.job_id");
        }
        if (userId.length() > 255 || jobId.length() > 255) {
            throw new IntakeException(V1Code.UPLOAD_WRONG_TYPE, "user_id and job_id are at most 255 characters");
        }
        var useEnrolledImage = JsonFields.flag(request.get("use_enrolled_image"));
        checkUser(caller.partnerId(), userId, jobType, useEnrolledImage, JsonFields.flag(request.get("allow_new_enroll")));

        var extras = JsonSupport.MAPPER.createObjectNode();
        params.properties().forEach(e -> {
            if (!Set.of("user_id", "job_id", "job_type").contains(e.getKey())) {
                extras.set(e.getKey(), e.getValue());
            }
        });
        var inputs = JsonSupport.MAPPER.createObjectNode();
        inputs.set("id_info", idInfo(request));
        inputs.put("use_enrolled_image", useEnrolledImage);
        var callbackUrl = JsonFields.usableUrl(request.get("callback_url"));
        if (callbackUrl == null) {
            callbackUrl = partners.find(caller.partnerId()).flatMap(p -> p.defaultCallbackUrl()).orElse(null);
        }
        var request2 = new JobService.NewJob(caller.partnerId(), userId, jobId, jobType.code(), extras, callbackUrl,
                shortText(request.get("source_sdk")), shortText(request.get("source_sdk_version")), caller.keyId(),
                JobState.CREATED, inputs);
        dev.verdict.jobs.Job job;
        try {
            job = uploads.prepareForUpload(request2, JsonFields.flag(request.get("retry")));
        } catch (JobException e) {
            if (e.kind() == JobException.Kind.CONFLICT) {
                throw new IntakeException(V1Code.UPLOAD_JOB_EXISTS);
            }
            throw new IntakeException(V1Code.UPLOAD_WRONG_TYPE, e.getMessage());
        }
        var smileJobId = job.smileJobId();
        var uploadUrl = urls.urlFor(smileJobId, job.uploadGeneration(), clock.instant());
        var refId = caller.partnerIdText() + "-" + smileJobId + "-" + randomRef();
        return Reply.json(200, Reply.Json.write(g -> {
            g.writeStringField("upload_url", uploadUrl);
            g.writeStringField("ref_id", refId);
            g.writeStringField("smile_job_id", smileJobId);
            g.writeStringField("camera_config", "null");
            g.writeStringField("code", V1Code.UPLOAD_READY.code());
        }));
    }

    /** The enrolment rules of PROTOCOL.md §8: 2207 disabled, 2210 not enrolled, 2209 already enrolled. */
    private void checkUser(long partnerId, String userId, JobType jobType, boolean useEnrolledImage,
            boolean allowNewEnroll) {
        var status = users.status(partnerId, userId);
        if (status.filter(s -> s != UserStatus.ACTIVE).isPresent()) {
            throw new IntakeException(V1Code.UPLOAD_USER_DISABLED);
        }
        if (jobType.needsEnrolledUser(useEnrolledImage) && status.isEmpty()) {
            throw new IntakeException(V1Code.UPLOAD_NO_ENROLLED_USER);
        }
        if (jobType.enrolsUser() && status.isPresent() && !allowNewEnroll) {
            throw new IntakeException(V1Code.UPLOAD_ALREADY_ENROLLED);
        }
    }

    /** id_info from an {@code id_info} object, else from Node's top-level keys; strings only. */
    private static ObjectNode idInfo(JsonNode request) {
        if (request.get("id_info") instanceof ObjectNode idInfo) {
            return ZipIntake.cleanIdInfo(idInfo);
        }
        var collected = JsonSupport.MAPPER.createObjectNode();
        for (var key : ID_INFO_KEYS) {
            var value = request.get(key);
            if (value != null && value.isValueNode() && !value.isNull()) {
                collected.set(key, value);
            }
        }
        return ZipIntake.cleanIdInfo(collected);
    }

    private static JsonNode parseObject(byte[] body) {
        try {
            return JsonSupport.readObject(body);
        } catch (InvalidJsonException e) {
            throw new IntakeException(V1Code.UPLOAD_INVALID_JSON, V1Code.UPLOAD_INVALID_JSON.text() + ": " + e.getMessage());
        }
    }

    private static String shortText(JsonNode node) {
        var value = JsonFields.text(node);
        return value == null ? null : value.length() > 64 ? value.substring(0, 64) : value;
    }

    private String randomRef() {
        var chars = new char[30];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = REF_ALPHABET[random.nextInt(REF_ALPHABET.length)];
        }
        return new String(chars);
    }
}
