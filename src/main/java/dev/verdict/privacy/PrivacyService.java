package dev.verdict.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.verdict.audit.AuditLog;
import dev.verdict.callbacks.CallbackService;
import dev.verdict.db.Database;
import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.http.JsonSupport;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.Job;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.PersonalData;
import dev.verdict.partners.Partner;
import dev.verdict.partners.PartnerService;
import dev.verdict.signing.SidSignature;
import dev.verdict.users.UserService;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Retention and erasure of personal data (docs/privacy.md). What is personal is decided in one
 * place, {@link PersonalData}; this service decides when it goes: after a partner's retention
 * periods (the purge, {@link RetentionPurge}), or at once for one person (an erasure, which returns
 * a signed receipt and keeps it).
 */
public final class PrivacyService {
    /** Jobs one purge transaction works at most. */
    static final int BATCH = 100;
    /** How long one node holds the purge before another may take it over. */
    static final Duration LEASE = Duration.ofMinutes(5);
    private static final int MAX_USER_ID_LENGTH = 255;

    /** Who acts: an operator by name, or the host's command line. */
    public record Actor(AuditLog.ActorType type, String name) {}

    /** A stored receipt: its id and its body exactly as served. */
    public record Receipt(long id, String body) {}

    /** What one erasure removed. */
    public record Counts(int jobs, int resultEvents, int images, int undeliveredCallbacks, int enrolments) {}

    /** Jobs of one partner due for one kind of removal. */
    record Batch(long partnerId, boolean images, int days, Instant cutoff, List<Long> jobPks) {}

    private final Database database;
    private final InstantSource clock;
    private final PartnerService partners;
    private final JobService jobs;
    private final ImageService images;
    private final UserService users;
    private final CallbackService callbacks;
    private final AuditLog audit;
    private final int defaultImagesDays;
    private final int defaultPersonalDays;
    private final PrivacyStore store;

    public PrivacyService(Database database, InstantSource clock, PartnerService partners, JobService jobs,
            ImageService images, UserService users, CallbackService callbacks, AuditLog audit, int defaultImagesDays,
            int defaultPersonalDays) {
        this.database = database;
        this.clock = clock;
        this.partners = partners;
        this.jobs = jobs;
        this.images = images;
        this.users = users;
        this.callbacks = callbacks;
        this.audit = audit;
        this.defaultImagesDays = defaultImagesDays;
        this.defaultPersonalDays = defaultPersonalDays;
        this.store = new PrivacyStore(database.dialect());
    }

    // ---- retention policies

    /** The partner's policy, or the configured defaults when it has none. */
    public RetentionPolicy policy(long partnerId) {
        requirePartner(partnerId);
        return database.read(c -> policy(c, partnerId));
    }

    private RetentionPolicy policy(Connection c, long partnerId) throws SQLException {
        return store.policy(c, partnerId)
                .orElseGet(() -> new RetentionPolicy(partnerId, defaultImagesDays, defaultPersonalDays, true));
    }

    /** Sets a partner's own retention periods (days, 1 to {@value RetentionPolicy#MAX_DAYS}); audited. */
    public RetentionPolicy setPolicy(long partnerId, int imagesDays, int personalDays, Actor actor) {
        requirePartner(partnerId);
        checkDays(imagesDays, "images_days");
        checkDays(personalDays, "personal_days");
        return database.inTransaction(c -> {
            store.setPolicy(c, partnerId, imagesDays, personalDays, clock.instant());
            audit.record(c, new AuditLog.Entry(actor.type(), actor.name(), "partner.retention", partnerId, null, null,
                    "images " + imagesDays + " days, personal fields " + personalDays + " days"));
            return policy(c, partnerId);
        });
    }

    private static void checkDays(int days, String field) {
        if (days < 1 || days > RetentionPolicy.MAX_DAYS) {
            throw new ApiException(ErrorCode.INVALID_FIELD, field + " must be 1 to " + RetentionPolicy.MAX_DAYS, field);
        }
    }

    private Partner requirePartner(long partnerId) {
        return partners.find(partnerId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no partner " + partnerId, "partner_id"));
    }

    // ---- erasure

    /**
     * Erases one person — a partner's {@code user_id} — at once: the images and personal fields of
     * every job of that user, the enrolment, and the callbacks not yet delivered for those jobs; the
     * jobs keep their skeleton. One transaction; refused (409 {@code job_in_flight}) while an engine
     * is still working on one of the user's jobs, so the receipt never claims more than was done.
     * A second erasure finds nothing left and returns a new receipt with zero counts.
     */
    public Receipt erase(long partnerId, String userId, Actor actor) {
        requirePartner(partnerId);
        if (userId == null || userId.isEmpty() || userId.length() > MAX_USER_ID_LENGTH) {
            throw new ApiException(ErrorCode.INVALID_FIELD, "user_id is required (at most 255 characters)", "user_id");
        }
        var signer = partners.newestSigningKey(partnerId);
        var receipt = database.inTransaction(c -> {
            var now = clock.instant();
            var userJobs = jobs.lockJobsOfUser(c, partnerId, userId);
            var inFlight = userJobs.stream().filter(j -> j.state().awaitingEngine()).map(Job::smileJobId).toList();
            if (!inFlight.isEmpty()) {
                throw new ApiException(ErrorCode.JOB_IN_FLIGHT, "job(s) " + String.join(", ", inFlight)
                        + " of this user are being processed; erase again once they have a result", "user_id");
            }
            int jobCount = 0;
            int events = 0;
            int imageCount = 0;
            int dropped = 0;
            for (var job : userJobs) {
                var deleted = images.deleteImagesOfJob(c, job.pk(), partnerId, Set.of(), actor.type(), actor.name(),
                        "erasure");
                var changed = deleted > 0;
                if (job.imagesRemoved().isEmpty()) {
                    jobs.imagesRemoved(c, job.pk(), PersonalData.Reason.ERASURE);
                }
                if (job.personalRemoved().isEmpty()) {
                    events += jobs.removePersonalData(c, job, PersonalData.Reason.ERASURE);
                    changed = true;
                }
                dropped += callbacks.dropUndelivered(c, job.pk());
                imageCount += deleted;
                jobCount += changed ? 1 : 0;
            }
            var enrolments = users.erase(c, partnerId, userId);
            var counts = new Counts(jobCount, events, imageCount, dropped, enrolments);
            var id = store.insertReceipt(c, partnerId, userId, now);
            var body = receiptBody(id, partnerId, userId, now, actor, userJobs, counts, signer);
            store.setReceiptBody(c, id, body);
            audit.record(c, new AuditLog.Entry(actor.type(), actor.name(), "user.erased", partnerId, null, null,
                    "user " + userId + ": receipt " + id + "; jobs " + jobCount + ", result events " + events
                            + ", images " + imageCount + ", undelivered callbacks " + dropped + ", enrolments "
                            + enrolments));
            return new Receipt(id, body);
        });
        // SQLite: what was overwritten must not survive in older write-ahead-log frames either
        database.checkpoint();
        return receipt;
    }

    /** A stored receipt by its id. */
    public Optional<Receipt> receipt(long id) {
        return database.read(c -> store.receipt(c, id).map(body -> new Receipt(id, body)));
    }

    /** Every receipt of one user, newest first (bodies as served). */
    public List<String> receipts(long partnerId, String userId) {
        return database.read(c -> store.receipts(c, partnerId, userId));
    }

    /**
     * The receipt as served: {@code receipt} (what was erased), and like a v1 answer a
     * {@code timestamp} and {@code signature} (HMAC of timestamp + partner_id + "sid_request" with the
     * partner's newest key), plus {@code receipt_signature}: the same key's HMAC over the compact JSON
     * text of {@code receipt}, which binds the content.
     */
    private static String receiptBody(long id, long partnerId, String userId, Instant now, Actor actor,
            List<Job> userJobs, Counts counts, Optional<SidSignature> signer) {
        var timestamp = SidSignature.responseTimestamp(now);
        var partnerIdText = Long.toString(partnerId);
        var receipt = JsonSupport.MAPPER.createObjectNode();
        receipt.put("receipt_id", Long.toString(id));
        receipt.put("partner_id", partnerIdText);
        receipt.put("user_id", userId);
        receipt.put("erased_at", timestamp);
        receipt.put("erased_by", actor.name());
        receipt.put("erased_by_type", actor.type().name().toLowerCase(java.util.Locale.ROOT));
        var erased = receipt.putObject("erased");
        erased.put("jobs", counts.jobs());
        erased.put("result_events", counts.resultEvents());
        erased.put("images", counts.images());
        erased.put("undelivered_callbacks", counts.undeliveredCallbacks());
        erased.put("enrolments", counts.enrolments());
        var ids = receipt.putArray("smile_job_ids");
        userJobs.forEach(j -> ids.add(j.smileJobId()));
        receipt.put("kept", "each job's skeleton (ids, job type, state, result codes and texts, timestamps, seq)"
                + " and the audit log");
        try {
            var receiptText = JsonSupport.MAPPER.writeValueAsString(receipt);
            var body = JsonSupport.MAPPER.createObjectNode();
            body.set("receipt", receipt);
            body.put("timestamp", timestamp);
            if (signer.isPresent()) {
                body.put("signature", signer.get().sign(timestamp, partnerIdText));
                body.put("receipt_signature", signer.get().signContent(receiptText));
            }
            return JsonSupport.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render an erasure receipt", e);
        }
    }

    // ---- the retention purge

    /**
     * The next batch of jobs whose retention period has run out, while this node holds the purge's
     * lease (so one node at a time purges); empty when another node holds it or nothing is due, in
     * which case the lease is given up.
     */
    List<Batch> nextBatch(String owner) {
        var partnerIds = partners.list().stream().map(Partner::id).toList();
        return database.inTransaction(c -> {
            var now = clock.instant();
            if (!store.claimRetentionLease(c, owner, now, LEASE)) {
                return List.<Batch>of();
            }
            for (var partnerId : partnerIds) {
                var policy = policy(c, partnerId);
                for (var imagesKind : new boolean[] {true, false}) {
                    var days = imagesKind ? policy.imagesDays() : policy.personalDays();
                    var cutoff = now.minus(Duration.ofDays(days));
                    var due = jobs.dueForRemoval(c, partnerId, imagesKind, cutoff, BATCH);
                    if (!due.isEmpty()) {
                        return List.of(new Batch(partnerId, imagesKind, days, cutoff, due));
                    }
                }
            }
            store.releaseRetentionLease(c, owner, now);
            return List.<Batch>of();
        });
    }

    /** Removes what a batch is due for, in one transaction; each job is re-checked under its lock. */
    void purge(Batch batch) {
        var why = "retention after " + batch.days() + " days";
        database.run(c -> {
            var keep = new HashMap<String, Set<String>>();
            for (var pk : batch.jobPks()) {
                var job = jobs.lock(c, pk).orElse(null);
                if (job == null || job.state().awaitingEngine() || !job.createdAt().isBefore(batch.cutoff())) {
                    continue;
                }
                if (batch.images()) {
                    if (job.imagesRemoved().isPresent()) {
                        continue;
                    }
                    // the selfie a user is enrolled with stays while the user does: authentication needs it
                    var enrolled = keep.computeIfAbsent(job.userId(), u -> new HashSet<>());
                    if (enrolled.isEmpty()) {
                        users.enrolledSelfie(c, job.partnerId(), job.userId()).ifPresent(enrolled::add);
                    }
                    images.deleteImagesOfJob(c, pk, job.partnerId(), enrolled, AuditLog.ActorType.SYSTEM, "retention",
                            why);
                    jobs.imagesRemoved(c, pk, PersonalData.Reason.RETENTION);
                } else {
                    if (job.personalRemoved().isPresent()) {
                        continue;
                    }
                    jobs.removePersonalData(c, job, PersonalData.Reason.RETENTION);
                    audit.record(c, new AuditLog.Entry(AuditLog.ActorType.SYSTEM, "retention", "job.personal_removed",
                            job.partnerId(), pk, null, why));
                }
            }
        });
    }

    /** Test and operator view: how many jobs of a partner still hold data past their periods. */
    public int overdue(long partnerId) {
        var policy = policy(partnerId);
        var now = clock.instant();
        return database.read(c -> {
            var set = new HashSet<Long>(jobs.dueForRemoval(c, partnerId, true,
                    now.minus(Duration.ofDays(policy.imagesDays())), Integer.MAX_VALUE));
            set.addAll(jobs.dueForRemoval(c, partnerId, false, now.minus(Duration.ofDays(policy.personalDays())),
                    Integer.MAX_VALUE));
            return set.size();
        });
    }
}
