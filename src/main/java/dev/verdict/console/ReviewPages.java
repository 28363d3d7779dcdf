package dev.verdict.console;

import static dev.verdict.console.ConsoleRoutes.params;

import dev.verdict.http.ApiException;
import dev.verdict.http.Form;
import dev.verdict.http.Reply;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.jobs.JobType;
import dev.verdict.review.ReviewService;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Human review for reviewers and admins (DESIGN §10): the queue (oldest first, filters, claim, "next"),
 * the review page (the evidence side by side, the machine result, the ID authority's answer, the
 * partner params, the user's earlier jobs; approve or reject with a reason; release) and the image
 * route the page's {@code <img>} elements use, which reads through the audited path with the operator
 * as the actor. Claims, leases and stale pages are {@link ReviewService}'s rules; this only shows them.
 */
public final class ReviewPages implements ConsolePages {
    static final String QUEUE = "/console/queue";
    static final String REVIEW = "/console/review";
    static final String IMAGES = "/console/images";
    private static final int QUEUE_LIMIT = 100;
    private static final int EARLIER_JOBS = 20;
    /** The reasons a reviewer picks from; free text may follow. */
    public static final List<String> APPROVE_REASONS = List.of("Selfie matches the ID card",
            "ID authority confirms the identity", "Liveness frames show a live person");
    public static final List<String> REJECT_REASONS = List.of("Selfie does not match the ID card",
            "ID card unreadable or incomplete", "Suspected spoof or fraud", "ID authority does not confirm");
    static final String STALE = "This page was out of date: the job changed after it was loaded. "
            + "Nothing was recorded; check the job again.";

    /** A queue line as the page shows it. */
    public record Item(String smileJobId, long partnerId, int jobType, String resultCode, String waitingSince,
            String age, Optional<String> claimedBy) {}

    private final ReviewService review;
    private final JobService jobs;
    private final ImageService images;
    private final InstantSource clock;

    public ReviewPages(ReviewService review, JobService jobs, ImageService images, InstantSource clock) {
        this.review = review;
        this.jobs = jobs;
        this.images = images;
        this.clock = clock;
    }

    @Override
    public List<NavLink> links() {
        return List.of(new NavLink("Queue", QUEUE, "Jobs awaiting a person: claim one and decide it", Access.OPERATOR));
    }

    @Override
    public void register(ConsoleRoutes routes) {
        routes.page(QUEUE, Access.OPERATOR, (request, session) -> {
            var partner = number(request.query("partner").orElse(""));
            var jobType = number(request.query("job_type").orElse("")).filter(t -> JobType.of(t.intValue()).isPresent());
            var minAge = number(request.query("min_age").orElse(""));
            var queue = review.queue(new ReviewService.QueueFilter(partner.orElse(null),
                    jobType.map(Long::intValue).orElse(null), minAge.map(Duration::ofMinutes).orElse(null),
                    QUEUE_LIMIT));
            var now = clock.instant();
            var items = queue.items().stream().map(i -> new Item(i.smileJobId(), i.partnerId(), i.jobType(),
                    i.resultCode(), i.waitingSince().toString(), age(Duration.between(i.waitingSince(), now).toSeconds()),
                    i.claimedBy())).toList();
            return session.render("queue.jte", params("frame", session.frame("Review queue", QUEUE),
                    "length", queue.length(), "oldest", age(queue.oldestAgeSeconds()), "items", items,
                    "partner", partner.map(String::valueOf).orElse(""),
                    "jobType", jobType.map(String::valueOf).orElse(""),
                    "minAge", minAge.map(String::valueOf).orElse(""), "jobTypes", JobType.codes(),
                    "me", session.operator().name()));
        });
        routes.action(QUEUE + "/next", Access.OPERATOR, (request, form, session) -> {
            var claimed = review.next(session.operator().name());
            if (claimed.isEmpty()) {
                return session.redirect(QUEUE, Notice.info("No job is waiting unclaimed."));
            }
            return session.redirect(reviewPath(claimed.get().smileJobId()),
                    Notice.info("Claimed until " + claimed.get().leaseUntil() + "."));
        });
        routes.action(REVIEW + "/{id}/claim", Access.OPERATOR, (request, form, session) -> {
            var id = request.pathParam("id");
            try {
                var claim = review.claim(id, session.operator().name());
                return session.redirect(reviewPath(id), Notice.info("Claimed until " + claim.leaseUntil() + "."));
            } catch (ApiException e) {
                return session.redirect(reviewPath(id), Notice.error(refusal(id, e)));
            }
        });
        routes.action(REVIEW + "/{id}/release", Access.OPERATOR, (request, form, session) -> {
            var id = request.pathParam("id");
            try {
                review.release(id, session.operator().name());
                return session.redirect(QUEUE, Notice.info("Job " + id + " is back in the queue."));
            } catch (ApiException e) {
                return session.redirect(reviewPath(id), Notice.error(refusal(id, e)));
            }
        });
        routes.action(REVIEW + "/{id}/decision", Access.OPERATOR, this::decide);
        routes.page(REVIEW + "/{id}", Access.OPERATOR, (request, session) -> {
            var id = request.pathParam("id");
            var detail = jobs.detail(id);
            if (detail.isEmpty()) {
                return session.redirect(QUEUE, Notice.error("No such job."));
            }
            var job = detail.get().job();
            var events = detail.get().events();
            var earlier = jobs.jobsOfUser(job.partnerId(), job.userId(), EARLIER_JOBS + 1).stream()
                    .filter(other -> other.pk() != job.pk()).limit(EARLIER_JOBS).toList();
            var claim = review.claimOf(id);
            var mine = claim.filter(c -> c.operator().equals(session.operator().name())).isPresent();
            return session.render("review.jte", params("frame", session.frame("Review " + id, QUEUE),
                    "job", job, "inReview", job.state() == JobState.IN_REVIEW, "claim", claim, "mine", mine,
                    "images", Evidence.images(images.imagesOf(job.pk())),
                    "machine", Evidence.machineResult(events), "authority", Evidence.idAuthority(events),
                    "partnerParams", Evidence.partnerParams(job.partnerParamsJson()), "earlier", earlier,
                    "nextSeq", job.latestSeq() + 1, "approveReasons", APPROVE_REASONS,
                    "rejectReasons", REJECT_REASONS));
        });
        routes.page(IMAGES + "/{id}", Access.OPERATOR, (request, session) -> {
            var id = request.pathParam("id");
            if (id == null || !id.matches("[A-Za-z0-9_-]{1,64}")) {
                return Reply.html(404, "");
            }
            var served = images.readForOperator(id, session.operator().name());
            if (served.isEmpty()) {
                return Reply.html(404, "");
            }
            var type = served.get().image().contentType();
            return Reply.asset(type != null && type.startsWith("image/") ? type : "application/octet-stream",
                    served.get().bytes());
        });
    }

    private Reply decide(dev.verdict.http.Request request, Form form, ConsoleSession session) {
        var id = request.pathParam("id");
        var decision = switch (form.value("decision")) {
            case "approve" -> Optional.of(ReviewService.Decision.APPROVE);
            case "reject" -> Optional.of(ReviewService.Decision.REJECT);
            default -> Optional.<ReviewService.Decision>empty();
        };
        var seq = number(form.value("seq"));
        if (decision.isEmpty() || seq.isEmpty()) {
            return session.redirect(reviewPath(id), Notice.error("Choose approve or reject."));
        }
        var reason = reason(decision.get(), form.value("reason"), form.value("note").strip());
        if (reason.isEmpty()) {
            return session.redirect(reviewPath(id), Notice.error("Pick a reason that fits the decision (or Other with a note)."));
        }
        var job = jobs.find(id);
        if (job.isPresent() && job.get().latestSeq() + 1 != seq.get()) {
            return session.redirect(reviewPath(id), Notice.error(STALE));
        }
        try {
            var event = review.decide(id, session.operator().name(), decision.get(), reason.get(), seq.get().intValue());
            return session.redirect(JobPages.jobPath(id), Notice.info((decision.get() == ReviewService.Decision.APPROVE
                    ? "Approved" : "Rejected") + ": job " + id + " now has final result " + event.resultCode() + "."));
        } catch (ApiException e) {
            return session.redirect(reviewPath(id), Notice.error(refusal(id, e)));
        }
    }

    /** The listed reason, then the reviewer's note; a reason not on the decision's list is refused. */
    private static Optional<String> reason(ReviewService.Decision decision, String listed, String note) {
        var allowed = decision == ReviewService.Decision.APPROVE ? APPROVE_REASONS : REJECT_REASONS;
        if (!allowed.contains(listed) && !listed.equals("Other")) {
            return Optional.empty();
        }
        if (listed.equals("Other") && note.isEmpty()) {
            return Optional.empty();
        }
        var text = note.isEmpty() ? listed : listed + ": " + note;
        return Optional.of(text.length() > 500 ? text.substring(0, 500) : text);
    }

    private static String refusal(String id, ApiException e) {
        if (e.field().filter("seq"::equals).isPresent()) {
            return STALE;
        }
        return switch (e.code()) {
            case NOT_FOUND -> "No such job.";
            case CONFLICT -> e.getMessage().contains("claimed") ? "Job " + id + " is claimed by another operator, or"
                    + " your claim ran out; nothing was recorded." : "Job " + id + " is not awaiting review.";
            default -> "Refused: " + e.getMessage();
        };
    }

    static String reviewPath(String smileJobId) {
        return REVIEW + "/" + smileJobId;
    }

    static String age(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }

    static Optional<Long> number(String text) {
        var t = text == null ? "" : text.strip();
        return t.matches("\\d{1,9}") ? Optional.of(Long.parseLong(t)) : Optional.empty();
    }
}
