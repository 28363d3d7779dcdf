package dev.verdict.console;

import static dev.verdict.console.ConsoleRoutes.params;

import dev.verdict.audit.AuditLog;
import dev.verdict.callbacks.CallbackService;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.Job;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.SmileJobIds;
import java.util.List;
import java.util.Optional;

/**
 * Jobs for reviewers and admins: search (by SmileJobID, by partner and job_id, by partner and user_id)
 * and a job's page: its facts, the event timeline with who produced each event, its images, and its
 * callback deliveries with every attempt. Admins re-drive a DEAD delivery and replay a job's
 * callbacks (the same webhook ids), as the internal API does; both are audited with the operator.
 */
public final class JobPages implements ConsolePages {
    static final String PATH = "/console/jobs";
    private static final int MAX_FILTER = 128;
    private static final int USER_JOBS = 100;

    private final JobService jobs;
    private final ImageService images;
    private final CallbackService callbacks;
    private final AuditLog audit;

    public JobPages(JobService jobs, ImageService images, CallbackService callbacks, AuditLog audit) {
        this.jobs = jobs;
        this.images = images;
        this.callbacks = callbacks;
        this.audit = audit;
    }

    @Override
    public List<NavLink> links() {
        return List.of(new NavLink("Jobs", PATH, "Find a job: its results, who produced them, images and callbacks",
                Access.OPERATOR));
    }

    @Override
    public void register(ConsoleRoutes routes) {
        routes.page(PATH, Access.OPERATOR, (request, session) -> {
            var smileJobId = filter(request.query("smile_job_id"));
            var partner = ReviewPages.number(request.query("partner").orElse(""));
            var jobId = filter(request.query("job_id"));
            var userId = filter(request.query("user_id"));
            Optional<String> problem = Optional.empty();
            List<Job> found = List.of();
            boolean searched = smileJobId.isPresent() || jobId.isPresent() || userId.isPresent();
            if (smileJobId.isPresent()) {
                var job = jobs.find(smileJobId.get());
                if (job.isPresent()) {
                    return dev.verdict.http.Reply.seeOther(jobPath(job.get().smileJobId()));
                }
                problem = Optional.of("No job with that SmileJobID.");
            } else if ((jobId.isPresent() || userId.isPresent()) && partner.isEmpty()) {
                problem = Optional.of("A job_id or user_id is looked up within a partner: give the partner ID too.");
            } else if (jobId.isPresent()) {
                found = jobs.findByJobId(partner.get(), jobId.get()).stream().toList();
            } else if (userId.isPresent()) {
                found = jobs.jobsOfUser(partner.get(), userId.get(), USER_JOBS);
            }
            return session.render("jobs.jte", params("frame", session.frame("Jobs", PATH), "found", found,
                    "searched", searched, "problem", problem, "smileJobId", smileJobId.orElse(""),
                    "partner", partner.map(String::valueOf).orElse(""), "jobId", jobId.orElse(""),
                    "userId", userId.orElse("")));
        });
        routes.page(PATH + "/{id}", Access.OPERATOR, (request, session) -> {
            var id = request.pathParam("id");
            var detail = jobs.detail(id);
            if (detail.isEmpty()) {
                return session.redirect(PATH, Notice.error("No such job."));
            }
            var job = detail.get().job();
            return session.render("job.jte", params("frame", session.frame("Job " + id, PATH), "job", job,
                    "timeline", Evidence.timeline(detail.get().events()),
                    "images", Evidence.images(images.imagesOf(job.pk())),
                    "partnerParams", Evidence.partnerParams(job.partnerParamsJson()),
                    "deliveries", callbacks.log(job.pk()), "admin", session.operator().isAdmin()));
        });
        routes.action(PATH + "/{id}/replay", Access.ADMIN, (request, form, session) -> {
            var id = request.pathParam("id");
            var job = jobs.find(id);
            if (job.isEmpty()) {
                return session.redirect(PATH, Notice.error("No such job."));
            }
            var replayed = callbacks.replay(id);
            record(session, "callback.replay", job.get(), replayed + " deliveries");
            return session.redirect(jobPath(id), Notice.info(replayed == 0 ? "No callback to replay (no callback URL)."
                    : "Replaying " + replayed + " callback(s) with their webhook ids."));
        });
        routes.action(PATH + "/{id}/deliveries/{delivery}/redrive", Access.ADMIN, (request, form, session) -> {
            var id = request.pathParam("id");
            var job = jobs.find(id);
            var delivery = ReviewPages.number(request.pathParam("delivery"));
            if (job.isEmpty() || delivery.isEmpty() || callbacks.log(job.get().pk()).stream()
                    .noneMatch(logged -> logged.delivery().id() == delivery.get())) {
                return session.redirect(PATH, Notice.error("No such delivery."));
            }
            var redriven = callbacks.redrive(delivery.get());
            if (redriven) {
                record(session, "callback.redrive", job.get(), "delivery " + delivery.get());
            }
            return session.redirect(jobPath(id), redriven ? Notice.info("Delivery " + delivery.get() + " re-driven.")
                    : Notice.error("Delivery " + delivery.get() + " is not DEAD: nothing to re-drive."));
        });
    }

    private void record(ConsoleSession session, String action, Job job, String detail) {
        audit.record(new AuditLog.Entry(AuditLog.ActorType.OPERATOR, session.operator().name(), action,
                job.partnerId(), job.pk(), null, detail));
    }

    static String jobPath(String smileJobId) {
        return PATH + "/" + smileJobId;
    }

    private static Optional<String> filter(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty()).map(v -> v.length() > MAX_FILTER
                ? v.substring(0, MAX_FILTER) : v);
    }

    static String smileJobId(long pk) {
        return SmileJobIds.format(pk);
    }
}
