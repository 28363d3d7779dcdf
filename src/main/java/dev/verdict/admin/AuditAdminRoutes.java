package dev.verdict.admin;

import static dev.verdict.admin.AdminRequests.invalid;

import dev.verdict.audit.AuditLog;
import dev.verdict.http.Reply;
import dev.verdict.http.Request;
import dev.verdict.http.Routes;
import dev.verdict.jobs.SmileJobIds;
import java.util.Locale;

/** Reading the audit log (DESIGN §10 "Audit"): newest first, filtered by job, operator and action. */
final class AuditAdminRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final AuditLog audit;

    private AuditAdminRoutes(AuditLog audit) {
        this.audit = audit;
    }

    static void register(Routes routes, AuditLog audit) {
        routes.get("/internal/v1/audit", new AuditAdminRoutes(audit)::read);
    }

    private Reply read(Request request) {
        var job = request.query("job").filter(v -> !v.isEmpty()).map(id -> SmileJobIds.parse(id)
                .orElseThrow(() -> invalid("job", "job must be a smile_job_id")));
        var limit = ReviewAdminRoutes.digits(request, "limit", 4).map(Integer::parseInt).orElse(DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit", "limit must be 1 to " + MAX_LIMIT);
        }
        var records = audit.read(new AuditLog.Filter(job,
                request.query("operator").filter(v -> !v.isEmpty()),
                request.query("action").filter(v -> !v.isEmpty())), limit);
        return Reply.json(200, Reply.Json.write(g -> {
            g.writeArrayFieldStart("items");
            for (var recorded : records) {
                g.writeStartObject();
                g.writeNumberField("id", recorded.id());
                g.writeStringField("at", recorded.at().toString());
                g.writeStringField("actor_type", recorded.actorType().name().toLowerCase(Locale.ROOT));
                g.writeStringField("actor", recorded.actorId());
                g.writeStringField("action", recorded.action());
                g.writeStringField("partner_id", recorded.partnerId() == null ? null : recorded.partnerId().toString());
                g.writeStringField("smile_job_id", recorded.jobPk() == null ? null : SmileJobIds.format(recorded.jobPk()));
                g.writeStringField("image_id", recorded.imageId());
                g.writeStringField("detail", recorded.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
        }));
    }
}
