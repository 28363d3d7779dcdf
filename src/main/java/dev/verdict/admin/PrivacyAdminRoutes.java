package dev.verdict.admin;

import static dev.verdict.admin.AdminRequests.invalid;
import static dev.verdict.admin.AdminRequests.jsonObject;
import static dev.verdict.admin.AdminRequests.partnerId;
import static dev.verdict.admin.AdminRequests.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.audit.AuditLog;
import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.http.Reply;
import dev.verdict.http.Request;
import dev.verdict.http.Routes;
import dev.verdict.privacy.PrivacyService;
import dev.verdict.privacy.RetentionPolicy;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Retention policies and erasure through the internal API (docs/privacy.md), each change naming an
 * active admin operator in {@code operator}, like the other operator actions (DESIGN §10).
 */
final class PrivacyAdminRoutes {
    private final PrivacyService privacy;
    private final Predicate<String> activeAdmin;

    private PrivacyAdminRoutes(PrivacyService privacy, Predicate<String> activeAdmin) {
        this.privacy = privacy;
        this.activeAdmin = activeAdmin;
    }

    static void register(Routes routes, PrivacyService privacy, Predicate<String> activeAdmin) {
        var table = new PrivacyAdminRoutes(privacy, activeAdmin);
        routes.post("/internal/v1/users/erase", table::erase);
        routes.get("/internal/v1/erasures", table::receipts);
        routes.get("/internal/v1/erasures/{receipt_id}", table::receipt);
        routes.get("/internal/v1/partners/{partner_id}/retention", table::policy);
        routes.put("/internal/v1/partners/{partner_id}/retention", table::setPolicy);
    }

    private Reply erase(Request request) throws Exception {
        var json = jsonObject(request);
        var actor = admin(json);
        var receipt = privacy.erase(partnerId(requiredText(json, "partner_id")), requiredText(json, "user_id"), actor);
        return Reply.json(201, receipt.body().getBytes(StandardCharsets.UTF_8));
    }

    private Reply receipt(Request request) {
        var id = request.pathParam("receipt_id");
        var receipt = id.matches("\\d{1,18}") ? privacy.receipt(Long.parseLong(id)) : java.util.Optional.<PrivacyService.Receipt>empty();
        return Reply.json(200, receipt.orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no erasure receipt " + id))
                .body().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"receipts": [...]}}: every receipt of one user, newest first. */
    private Reply receipts(Request request) {
        var partnerId = partnerId(request.query("partner_id").orElseThrow(
                () -> invalid("partner_id", "partner_id is required")));
        var userId = request.query("user_id").filter(u -> !u.isEmpty())
                .orElseThrow(() -> invalid("user_id", "user_id is required"));
        var bodies = privacy.receipts(partnerId, userId);
        var out = new StringBuilder("{\"receipts\":[");
        for (int i = 0; i < bodies.size(); i++) {
            out.append(i == 0 ? "" : ",").append(bodies.get(i)); // stored bodies are JSON objects, served verbatim
        }
        out.append("]}");
        return Reply.json(200, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Reply policy(Request request) {
        return Reply.json(200, render(privacy.policy(partnerId(request.pathParam("partner_id")))));
    }

    private Reply setPolicy(Request request) throws Exception {
        var json = jsonObject(request);
        var actor = admin(json);
        var policy = privacy.setPolicy(partnerId(request.pathParam("partner_id")), days(json, "images_days"),
                days(json, "personal_days"), actor);
        return Reply.json(200, render(policy));
    }

    private static byte[] render(RetentionPolicy policy) {
        return Reply.Json.write(g -> {
            g.writeStringField("partner_id", Long.toString(policy.partnerId()));
            g.writeNumberField("images_days", policy.imagesDays());
            g.writeNumberField("personal_days", policy.personalDays());
            g.writeBooleanField("defaults", policy.defaults());
        });
    }

    private PrivacyService.Actor admin(JsonNode json) {
        var operator = requiredText(json, "operator");
        if (!activeAdmin.test(operator)) {
            throw new ApiException(ErrorCode.OPERATOR_NOT_ACTIVE, "no active admin operator has this name", "operator");
        }
        return new PrivacyService.Actor(AuditLog.ActorType.OPERATOR, operator);
    }

    private static int days(JsonNode json, String field) {
        var node = json.get(field);
        var text = node == null || node.isNull() ? "" : node.asText();
        if (!text.matches("\\d{1,5}")) {
            throw invalid(field, field + " must be a whole number of days");
        }
        return Integer.parseInt(text);
    }
}
