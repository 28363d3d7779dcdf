package dev.verdict.jobstatus;

import dev.verdict.images.ImageLinks;
import dev.verdict.images.ImageRecord;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.jobs.PersonalData;
import dev.verdict.jobs.StatusView;
import dev.verdict.partners.PartnerDirectory;
import dev.verdict.partners.PartnerDirectory.Caller;
import dev.verdict.signing.SidSignature;
import dev.verdict.users.UserService;
import dev.verdict.users.UserStatus;
import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;
import dev.verdict.http.TooManyRequestsException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/job_status} (DESIGN §3): the checks after parsing in their fixed order, and the
 * answer signed with the key that verified the request. {@link JobStatusRoutes} renders it.
 */
public final class JobStatusService {
    private static final Logger LOG = LoggerFactory.getLogger(JobStatusService.class);

    /** Limits that keep one answer bounded. */
    public record Limits(int historyMaxEvents, long historyMaxBytes) {}

    private final PartnerDirectory partners;
    private final JobService jobs;
    private final UserService users;
    private final ImageService images;
    private final ImageLinks links;
    private final InstantSource clock;
    private final Limits limits;

    public JobStatusService(PartnerDirectory partners, JobService jobs, UserService users, ImageService images, ImageLinks links,
            InstantSource clock, Limits limits) {
        this.partners = partners;
        this.jobs = jobs;
        this.users = users;
        this.images = images;
        this.links = links;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * Checks 3 to 6 of DESIGN §3.2 on a parsed request. Throws 2305 (or 2301 when authentication
     * itself fails) unsigned; everything after authentication is a signed answer.
     */
    JobStatusAnswer answer(JobStatusRequest request) {
        Caller caller;
        try {
            caller = partners.authenticate(request.partnerId(), request.timestamp(),
                    request.signature().orElse(null), request.secKey().orElse(null)).orElse(null);
        } catch (TooManyRequestsException e) {
            throw e; // over the partner's rate limit: 429, not a system error
        } catch (RuntimeException e) {
            LOG.error("job_status authentication failed unexpectedly", e);
            throw new V1Exception(V1Code.STATUS_SYSTEM_ERROR);
        }
        if (caller == null) {
            throw new V1Exception(V1Code.STATUS_INVALID_SEC_KEY);
        }
        try {
            return lookup(caller, request);
        } catch (RuntimeException e) {
            LOG.error("job_status lookup failed for partner {}", caller.partnerId(), e);
            return refused(caller, V1Code.STATUS_SYSTEM_ERROR);
        }
    }

    private JobStatusAnswer lookup(Caller caller, JobStatusRequest request) {
        var view = jobs.statusView(caller.partnerId(), request.jobId())
                .filter(v -> v.userId().equals(request.userId()));
        if (view.isPresent()) {
            if (view.get().userStatus().filter(s -> s != UserStatus.ACTIVE).isPresent()) {
                return refused(caller, V1Code.STATUS_USER_DISABLED);
            }
            return found(caller, request, view.get());
        }
        var user = users.knowledge(caller.partnerId(), request.userId());
        if (user.status().filter(s -> s != UserStatus.ACTIVE).isPresent()) {
            return refused(caller, V1Code.STATUS_USER_DISABLED);
        }
        return refused(caller, user.known() ? V1Code.STATUS_JOB_NOT_FOUND : V1Code.STATUS_NO_ENROLLED_USER);
    }

    private JobStatusAnswer found(Caller caller, JobStatusRequest request, StatusView view) {
        // a job waiting for its zip (new, or reopened by a retry) answers 2314 whatever it recorded before
        var noZipYet = view.state().awaitingUpload();
        Optional<Map<String, String>> imageLinks = request.imageLinks()
                ? Optional.of(view.imagesRemoved().map(JobStatusService::removedImages)
                        .orElseGet(() -> imageLinks(view.jobPk())))
                : Optional.empty();
        var history = request.history()
                ? Optional.of(jobs.history(caller.partnerId(), request.userId(), limits.historyMaxEvents(),
                        limits.historyMaxBytes()))
                : Optional.<List<byte[]>>empty();
        return new JobStatusAnswer.Found(sign(caller), view.complete(), view.success(), noZipYet,
                noZipYet ? Optional.empty() : view.latestResultJson(), imageLinks, history);
    }

    /** Retention and erasure texts in {@code image_links.error} (docs/privacy.md). */
    static final String REMOVED_BY_RETENTION = "Images deleted under the retention policy";
    static final String REMOVED_BY_ERASURE = "Images deleted: the user's personal data was erased";

    /** {@code {"error": "..."}} saying why the job's images are gone. */
    private static Map<String, String> removedImages(PersonalData.Removal removal) {
        return Map.of("error", removal.reason() == PersonalData.Reason.RETENTION ? REMOVED_BY_RETENTION
                : REMOVED_BY_ERASURE);
    }

    /** Link key → URL for the newest image of each linkable kind; empty when the job has none. */
    private LinkedHashMap<String, String> imageLinks(long jobPk) {
        var now = clock.instant();
        var result = new LinkedHashMap<String, String>();
        List<ImageRecord> all = images.imagesOf(jobPk);
        for (var image : all) {
            image.kind().linkKey().ifPresent(key -> result.put(key, links.linkFor(image.id(), now)));
        }
        // selfie first, as partners expect, then the ID card sides
        var ordered = new LinkedHashMap<String, String>();
        for (var key : List.of("selfie_image", "id_card_image", "id_card_back_image")) {
            if (result.containsKey(key)) {
                ordered.put(key, result.get(key));
            }
        }
        return ordered;
    }

    private JobStatusAnswer refused(Caller caller, V1Code code) {
        return new JobStatusAnswer.Refused(sign(caller), code);
    }

    private JobStatusAnswer.Signed sign(Caller caller) {
        var timestamp = SidSignature.responseTimestamp(clock.instant());
        return new JobStatusAnswer.Signed(timestamp, caller.key().sign(timestamp, caller.partnerIdText()));
    }
}
