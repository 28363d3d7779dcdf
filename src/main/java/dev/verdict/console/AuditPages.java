package dev.verdict.console;

import static dev.verdict.console.ConsoleRoutes.params;

import dev.verdict.audit.AuditLog;
import dev.verdict.jobs.SmileJobIds;
import java.util.List;
import java.util.Optional;

/** The audit log (admin): newest first, filtered by job, operator and action, at most {@link #LIMIT} rows. */
public final class AuditPages implements ConsolePages {
    static final String PATH = "/console/audit";
    static final int LIMIT = 200;
    /** A filter longer than any job id, operator name or action is no filter anyone means. */
    private static final int MAX_FILTER = 64;

    private final AuditLog audit;

    public AuditPages(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public List<NavLink> links() {
        return List.of(new NavLink("Audit log", PATH, "Who did what, when: sign-ins, account and partner changes",
                Access.ADMIN));
    }

    @Override
    public void register(ConsoleRoutes routes) {
        routes.page(PATH, Access.ADMIN, (request, session) -> {
            var job = filter(request.query("job"));
            var operator = filter(request.query("operator"));
            var action = filter(request.query("action"));
            Optional<String> problem = Optional.empty();
            List<AuditLog.Recorded> events;
            var jobPk = job.map(SmileJobIds::parse);
            if (jobPk.isPresent() && jobPk.get().isEmpty()) {
                problem = Optional.of("A job is named by its SmileJobID (digits).");
                events = List.of();
            } else {
                events = audit.read(new AuditLog.Filter(jobPk.map(pk -> pk.getAsLong()), operator, action), LIMIT);
            }
            return session.render("audit.jte", params("frame", session.frame("Audit log", PATH),
                    "events", events, "job", job.orElse(""), "operator", operator.orElse(""),
                    "action", action.orElse(""), "problem", problem, "limit", LIMIT));
        });
    }

    private static Optional<String> filter(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty()).map(v -> v.length() > MAX_FILTER
                ? v.substring(0, MAX_FILTER) : v);
    }
}
