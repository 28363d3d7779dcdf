package dev.verdict.intake;

import dev.verdict.v1.V1Code;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.InvalidJsonException;
import dev.verdict.http.JsonFields;
import dev.verdict.http.JsonSupport;
import dev.verdict.http.Reply;
import dev.verdict.identity.IdentityLookup;
import dev.verdict.identity.IdentityResults;
import dev.verdict.jobs.JobException;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.jobs.JobType;
import dev.verdict.partners.PartnerDirectory;
import dev.verdict.partners.PartnerService;
import dev.verdict.signing.SidSignature;
import java.time.InstantSource;
import java.util.Set;

/**
 * Job type 5 (Enhanced / Basic KYC): {@code POST /v1/id_verification} answers the result object at
 * once, signed; {@code POST /v1/async_id_verification} accepts the job and the result arrives through
 * job_status (and callbacks). Lookups go through {@link IdentityLookup}.
 */
public final class IdVerificationService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IdVerificationService.class);
    private static final Set<String> ID_FIELDS = Set.of("country", "id_type", "id_number", "first_name",
            "middle_name", "last_name", "dob", "phone_number", "gender");

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

    public Reply verify(byte[] body, boolean async) {
        try {
            return verifyOrThrow(body, async);
        } catch (IntakeException e) {
            return Reply.error(e.code().httpStatus(), e.code().code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("id verification failed unexpectedly", e);
            return Reply.error(500, V1Code.ID_SYSTEM_ERROR.code(), V1Code.ID_SYSTEM_ERROR.text());
        }
    }

    private Reply verifyOrThrow(byte[] body, boolean async) {
        JsonNode request;
        try {
            request = JsonSupport.readObject(body);
        } catch (InvalidJsonException e) {
            // the ID API family has no code of its own for this; 2413 is what it answers
            throw new IntakeException(V1Code.ID_MISSING_PARAMETER, "Invalid JSON: " + e.getMessage());
        }
        var partnerId = JsonFields.text(request.get("partner_id"));
        var timestamp = JsonFields.text(request.get("timestamp"));
        var signature = JsonFields.text(request.get("signature"));
        if (partnerId == null || timestamp == null || signature == null) {
            throw new IntakeException(V1Code.ID_MISSING_PARAMETER,
                    "A required parameter is missing: partner_id, timestamp and signature");
        }
        var caller = directory.authenticate(partnerId, timestamp, signature)
                .orElseThrow(() -> new IntakeException(V1Code.ID_NOT_AUTHORIZED));
        if (!(request.get("partner_params") instanceof ObjectNode params)) {
            throw new IntakeException(V1Code.ID_MISSING_PARAMETER, "A required parameter is missing: partner_params");
        }
        if (JsonFields.jobType(params.get("job_type")) != JobType.ENHANCED_KYC.code()) {
            throw new IntakeException(V1Code.UPLOAD_INVALID_JOB_TYPE);
        }
        var userId = JsonFields.text(params.get("user_id"));
        var jobId = JsonFields.text(params.get("job_id"));
        var query = new IdentityLookup.Query(JsonFields.text(request.get("country")), JsonFields.text(request.get("id_type")),
                JsonFields.text(request.get("id_number")), JsonFields.text(request.get("first_name")),
                JsonFields.text(request.get("last_name")), JsonFields.text(request.get("dob")));
        if (userId == null || jobId == null || query.country() == null || query.idType() == null
                || query.idNumber() == null) {
            throw new IntakeException(V1Code.ID_MISSING_PARAMETER, "A required parameter is missing:"
                    + " partner_params.user_id, partner_params.job_id, country, id_type and id_number");
        }
        var extras = JsonSupport.MAPPER.createObjectNode();
        params.properties().forEach(e -> {
            if (!Set.of("user_id", "job_id", "job_type").contains(e.getKey())) {
                extras.set(e.getKey(), e.getValue());
            }
        });
        var idInfo = JsonSupport.MAPPER.createObjectNode();
        for (var key : ID_FIELDS) {
            var value = JsonFields.text(request.get(key));
            if (value != null) {
                idInfo.put(key, value);
            }
        }
        var inputs = JsonSupport.MAPPER.createObjectNode();
        inputs.set("id_info", ZipIntake.cleanIdInfo(idInfo));
        var callbackUrl = JsonFields.usableUrl(request.get("callback_url"));
        if (callbackUrl == null) {
            callbackUrl = partners.find(caller.partnerId()).flatMap(p -> p.defaultCallbackUrl()).orElse(null);
        }
        dev.verdict.jobs.Job job;
        try {
            var newJob = new JobService.NewJob(caller.partnerId(), userId, jobId, JobType.ENHANCED_KYC.code(), extras,
                    callbackUrl,
                    JsonFields.text(request.get("source_sdk")), JsonFields.text(request.get("source_sdk_version")),
                    caller.keyId(), JobState.RECEIVED, inputs);
            // the asynchronous job waits for an engine; the synchronous one is answered right here
            job = async ? jobs.createAndQueue(newJob) : jobs.create(newJob);
        } catch (JobException e) {
            if (e.kind() == JobException.Kind.CONFLICT) {
                throw new IntakeException(V1Code.UPLOAD_JOB_EXISTS);
            }
            throw new IntakeException(V1Code.ID_MISSING_PARAMETER, e.getMessage());
        }
        if (async) {
            var smileJobId = job.smileJobId();
            return Reply.json(200, Reply.Json.write(g -> {
                g.writeBooleanField("success", true);
                g.writeStringField("smile_job_id", smileJobId);
            }));
        }
        var answer = lookup.lookup(query);
        var event = jobs.recordResult(job.smileJobId(), IdentityResults.resultPost(answer, query, 1, "id-api"));
        var timestamp2 = SidSignature.responseTimestamp(clock.instant());
        var resultJson = event.resultJson();
        return Reply.json(200, Reply.Json.write(g -> {
            // the result object's fields, then the signature over the answer's own timestamp
            try (var parser = JsonSupport.MAPPER.createParser(resultJson)) {
                parser.nextToken();
                while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    g.writeFieldName(parser.currentName());
                    parser.nextToken();
                    g.copyCurrentStructure(parser);
                }
            }
            g.writeStringField("signature", caller.key().sign(timestamp2, caller.partnerIdText()));
            g.writeStringField("timestamp", timestamp2);
        }));
    }
}
