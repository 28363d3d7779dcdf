package dev.verdict.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.aml.AmlResults;
import dev.verdict.aml.WatchList;
import dev.verdict.business.BusinessRegistry;
import dev.verdict.business.BusinessResults;
import dev.verdict.http.JsonSupport;
import dev.verdict.identity.IdentityLookup;
import dev.verdict.identity.IdentityResults;
import dev.verdict.images.ImageKind;
import dev.verdict.jobs.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The built-in, deterministic verification engine (docs/sandbox.md). Outcomes are chosen by
 * documented inputs: magic words in the {@code job_id}, magic ID numbers (through the sandbox
 * identity registry, business registry and watch list), and real checks on the images. The same inputs always give the same results.
 */
public final class SandboxEngine {
    private static final Pattern DELAY = Pattern.compile("sandbox-delay-(\\d{1,3})");
    private static final Pattern SLOW = Pattern.compile("sandbox-slow-(\\d{1,3})");

    private final IdentityLookup registry;
    private final BusinessRegistry businesses;
    private final WatchList watchList;

    public SandboxEngine(IdentityLookup registry, BusinessRegistry businesses, WatchList watchList) {
        this.registry = registry;
        this.businesses = businesses;
        this.watchList = watchList;
    }

    /** What the engine needs about one job. */
    public record Input(Job job, ObjectNode inputs, Map<ImageKind, Image> images, Optional<Image> enrolledSelfie,
            Instant receivedAt, int attempt) {}

    /** An image of the job (or the enrolled user's selfie). */
    public record Image(String id, byte[] bytes) {}

    /** The engine's decision on a job. */
    public sealed interface Verdict permits Results, Defer {}

    /** Results to record in order (without {@code seq}); enrol the user with this selfie on success. */
    public record Results(List<ObjectNode> posts, String enrolSelfieImageId) implements Verdict {}

    /** Not yet: take the job again at this instant (the sandbox delay). */
    public record Defer(Instant until) implements Verdict {}

    /** How long a first attempt holds its claim before deciding ("sandbox-slow-N"), for crash tests. */
    public static Duration slowness(Job job, int attempt) {
        var slow = SLOW.matcher(job.jobId().toLowerCase(Locale.ROOT));
        return attempt == 1 && slow.find() ? Duration.ofSeconds(Integer.parseInt(slow.group(1))) : Duration.ZERO;
    }

    public Verdict decide(Input input, Instant now) {
        var job = input.job();
        var magic = job.jobId().toLowerCase(Locale.ROOT);
        var delay = DELAY.matcher(magic);
        if (delay.find()) {
            var until = input.receivedAt().plusSeconds(Integer.parseInt(delay.group(1)));
            if (now.isBefore(until)) {
                return new Defer(until);
            }
        }
        return switch (job.jobType()) {
            case BIOMETRIC_KYC -> biometricKyc(input, magic);
            case SMART_SELFIE_AUTHENTICATION -> authentication(input, magic);
            case SMART_SELFIE_REGISTRATION -> registration(input, magic);
            case ENHANCED_KYC -> enhancedKyc(input);
            case BUSINESS_VERIFICATION -> single(businessVerification(businesses, input.inputs()));
            case AML -> single(amlCheck(watchList, input.inputs()));
            case DOCUMENT_VERIFICATION, ENHANCED_DOCUMENT_VERIFICATION -> documentVerification(input, magic);
        };
    }

    // ---- pipelines ----------------------------------------------------------------------------------

    private Verdict registration(Input input, String magic) {
        var selfie = input.images().get(ImageKind.SELFIE);
        var failed = selfieFailure(selfie, "0941", "0942");
        if (failed != null) {
            return single(failed);
        }
        if (magic.contains("sandbox-reject")) {
            return single(result("0841", null, "12.0", actions("Failed", "Rejected")));
        }
        if (magic.contains("sandbox-spoof")) {
            return single(result("0843", null, "8.0", actions("Failed", "Rejected")));
        }
        if (magic.contains("sandbox-review")) {
            return single(result("0842", null, "62.0", actions("Passed", "Under Review")));
        }
        return new Results(List.of(result("0840", null, "99.5", actions("Passed", "Approved"))), selfie.id());
    }

    private Verdict authentication(Input input, String magic) {
        if (input.enrolledSelfie().isEmpty()) {
            return single(result("0001", "Enrolled user does not have a photo on file", null, null));
        }
        var failed = selfieFailure(input.images().get(ImageKind.SELFIE), "0921", "0922");
        if (failed != null) {
            return single(failed);
        }
        if (magic.contains("sandbox-reject")
                || !ImageChecks.sameFace(input.images().get(ImageKind.SELFIE).bytes(), input.enrolledSelfie().get().bytes())) {
            return single(result("0821", null, "15.0", compareActions("Failed")));
        }
        if (magic.contains("sandbox-spoof")) {
            return single(result("0823", null, "9.0", compareActions("Failed")));
        }
        if (magic.contains("sandbox-review")) {
            return single(result("0822", null, "60.0", compareActions("Under Review")));
        }
        return single(result("0820", null, "99.2", compareActions("Passed")));
    }

    private Verdict biometricKyc(Input input, String magic) {
        var posts = new ArrayList<ObjectNode>();
        var idInfo = idInfo(input);
        if (idInfo != null && "true".equalsIgnoreCase(idInfo.path("entered").asText())
                && !idInfo.path("id_number").asText().isEmpty()) {
            var query = query(idInfo);
            var answer = registry.lookup(query);
            switch (answer.outcome()) {
                case FOUND -> posts.add(withoutSeq(IdentityResults.resultPost(answer, query, 0, "sandbox")));
                case NOT_FOUND -> {
                    posts.add(withoutSeq(IdentityResults.resultPost(answer, query, 0, "sandbox")));
                    posts.add(result("0811", "Failed Enroll - ID Number Not Found", "0", null));
                    return new Results(posts, null);
                }
                case ISSUER_UNAVAILABLE -> {
                    return single(result("1015", null, null, null));
                }
                case INVALID_FORMAT, UNSUPPORTED -> {
                    return single(result("1014", null, null, null));
                }
            }
        }
        var selfie = input.images().get(ImageKind.SELFIE);
        var failed = selfieFailure(selfie, "0911", "0912");
        if (failed != null) {
            posts.add(failed);
            return new Results(posts, null);
        }
        var card = input.images().get(ImageKind.ID_CARD_FRONT);
        if (card != null && ImageChecks.check(card.bytes()) != ImageChecks.Outcome.OK) {
            posts.add(result("0001", "ID Card image unusable", null, null));
            return new Results(posts, null);
        }
        if (magic.contains("sandbox-reject") || magic.contains("sandbox-spoof")) {
            posts.add(result("0811", null, "14.0", actions("Failed", "Rejected")));
            return new Results(posts, null);
        }
        if (magic.contains("sandbox-review")) {
            posts.add(result("0814", null, "97.000000", actions("Passed", "Under Review")));
            return new Results(posts, null);
        }
        posts.add(result("0810", null, "99.1", actions("Passed", "Approved")));
        return new Results(posts, selfie.id());
    }

    private Verdict enhancedKyc(Input input) {
        var idInfo = idInfo(input);
        var query = query(idInfo == null ? JsonSupport.MAPPER.createObjectNode() : idInfo);
        return single(withoutSeq(IdentityResults.resultPost(registry.lookup(query), query, 0, "sandbox")));
    }

    /**
     * A job type 7 decision from its stored inputs ({@code id_info}: country, id_type, id_number,
     * business_type); the synchronous endpoint records the same result at once.
     */
    private static ObjectNode businessVerification(BusinessRegistry businesses, ObjectNode inputs) {
        var idInfo = inputs.get("id_info") instanceof ObjectNode o ? o : JsonSupport.MAPPER.createObjectNode();
        var query = new BusinessRegistry.Query(text(idInfo, "country"), text(idInfo, "id_type"),
                text(idInfo, "id_number"), text(idInfo, "business_type"));
        return BusinessResults.resultPost(businesses.lookup(query), query, "sandbox");
    }

    /** A job type 10 decision from its stored inputs ({@code aml}: full_name, birth_year, countries, strict_match). */
    private static ObjectNode amlCheck(WatchList watchList, ObjectNode inputs) {
        var aml = inputs.get("aml") instanceof ObjectNode o ? o : JsonSupport.MAPPER.createObjectNode();
        var countries = new ArrayList<String>();
        aml.path("countries").forEach(c -> countries.add(c.asText()));
        var query = new WatchList.Query(text(aml, "full_name"), text(aml, "birth_year"), countries,
                aml.path("strict_match").asBoolean(true));
        return AmlResults.resultPost(watchList.screen(query), query, "sandbox");
    }

    private Verdict documentVerification(Input input, String magic) {
        var card = input.images().get(ImageKind.ID_CARD_FRONT);
        if (card == null || ImageChecks.check(card.bytes()) != ImageChecks.Outcome.OK) {
            return single(result("0001", "ID Card image unusable", null, null));
        }
        var useEnrolled = input.inputs().path("use_enrolled_image").asBoolean(false);
        var selfie = useEnrolled ? input.enrolledSelfie().orElse(null) : input.images().get(ImageKind.SELFIE);
        if (selfie == null) {
            return single(result("0001", "Enrolled user does not have a photo on file", null, null));
        }
        var selfieCheck = ImageChecks.check(selfie.bytes());
        if (selfieCheck != ImageChecks.Outcome.OK) {
            return single(result("0001", selfieCheck == ImageChecks.Outcome.NO_FACE
                    ? "Selfie image unusable - no face found" : "Selfie image unusable", null, null));
        }
        var idInfo = idInfo(input);
        if (idInfo != null && !idInfo.path("id_number").asText().isEmpty()) {
            var answer = registry.lookup(query(idInfo));
            switch (answer.outcome()) {
                case NOT_FOUND -> {
                    return single(result("0811", "Document Not Verified - ID Number Not Found", "0", null));
                }
                case ISSUER_UNAVAILABLE -> {
                    return single(result("1015", null, null, null));
                }
                case INVALID_FORMAT, UNSUPPORTED -> {
                    return single(result("1014", null, null, null));
                }
                case FOUND -> {
                    // checked against the issuer: go on to the document and the face
                }
            }
        }
        var docActions = JsonSupport.MAPPER.createObjectNode()
                .put("Document_Check", "Passed")
                .put("Liveness_Check", "Passed")
                .put("Selfie_To_ID_Card_Compare", "Passed");
        if (magic.contains("sandbox-reject") || magic.contains("sandbox-spoof")) {
            docActions.put("Document_Check", "Failed");
            return single(result("0811", null, "10.0", docActions));
        }
        if (magic.contains("sandbox-review")) {
            docActions.put("Selfie_To_ID_Card_Compare", "Under Review");
            return single(result("0814", null, "70.0", docActions));
        }
        var approved = result("0810", null, "99.0", docActions);
        if (idInfo != null) {
            copy(idInfo, approved, "country", "Country");
            copy(idInfo, approved, "id_type", "IDType");
        }
        return single(approved);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** The first failing selfie check as a final result, or null when the selfie is usable. */
    private static ObjectNode selfieFailure(Image selfie, String noFaceCode, String qualityCode) {
        if (selfie == null) {
            return result("0001", "Selfie image missing", null, null);
        }
        return switch (ImageChecks.check(selfie.bytes())) {
            case OK -> null;
            case NO_FACE -> result(noFaceCode, null, "0", null);
            case OUT_OF_BOUNDS -> result(qualityCode, null, "0", null);
            case UNDECODABLE -> result("0001", "Selfie image unusable", null, null);
        };
    }

    private static ObjectNode result(String code, String text, String confidence, ObjectNode actions) {
        var post = JsonSupport.MAPPER.createObjectNode();
        post.put("ResultCode", code);
        if (text != null) {
            post.put("ResultText", text);
        }
        if (confidence != null) {
            post.put("ConfidenceValue", confidence);
        }
        if (actions != null) {
            post.set("Actions", actions);
        }
        post.put("IsMachineResult", "true");
        post.put("produced_by", "sandbox");
        return post;
    }

    private static ObjectNode withoutSeq(ObjectNode post) {
        post.remove("seq");
        return post;
    }

    private static Results single(ObjectNode post) {
        return new Results(List.of(post), null);
    }

    private static ObjectNode actions(String liveness, String registration) {
        return JsonSupport.MAPPER.createObjectNode()
                .put("Liveness_Check", liveness)
                .put("Register_Selfie", registration)
                .put("Selfie_Provided", "Passed");
    }

    private static ObjectNode compareActions(String compare) {
        return JsonSupport.MAPPER.createObjectNode()
                .put("Liveness_Check", "Passed")
                .put("Selfie_To_Registered_Selfie_Compare", compare)
                .put("Selfie_Provided", "Passed");
    }

    private static ObjectNode idInfo(Input input) {
        return input.inputs().get("id_info") instanceof ObjectNode o ? o : null;
    }

    private static IdentityLookup.Query query(ObjectNode idInfo) {
        return new IdentityLookup.Query(text(idInfo, "country"), text(idInfo, "id_type"), text(idInfo, "id_number"),
                text(idInfo, "first_name"), text(idInfo, "last_name"), text(idInfo, "dob"));
    }

    private static String text(ObjectNode node, String field) {
        var value = node.path(field).asText("");
        return value.isEmpty() ? null : value;
    }

    private static void copy(ObjectNode from, ObjectNode to, String fromField, String toField) {
        var value = text(from, fromField);
        if (value != null) {
            to.put(toField, value);
        }
    }
}
