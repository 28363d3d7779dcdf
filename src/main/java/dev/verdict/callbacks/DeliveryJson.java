package dev.verdict.callbacks;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.verdict.http.JsonSupport;
import java.io.IOException;

/**
 * How a callback delivery and its attempts are shown, in the two shapes operators see: the internal
 * API's ({@code deliveries} of {@code GET /internal/v1/jobs/{id}}, docs/api.md) and the CLI's
 * {@code callbacks log} line (docs/operations.md). They differ on purpose and stay as published: the
 * API gives numbers as numbers and the delivery's whole state, the CLI one line of mostly strings.
 */
public final class DeliveryJson {
    private DeliveryJson() {}

    /** The internal API's delivery object, written as fields of the object the caller opened. */
    public static void writeApiFields(JsonGenerator g, CallbackService.Logged logged) throws IOException {
        var d = logged.delivery();
        g.writeNumberField("id", d.id());
        g.writeStringField("webhook_id", d.webhookId());
        g.writeStringField("target_url", d.targetUrl());
        g.writeNumberField("seq", d.seq());
        g.writeBooleanField("final", d.isFinal());
        g.writeStringField("state", d.state().name());
        g.writeNumberField("attempts", d.attempts());
        g.writeStringField("next_attempt_at",
                d.state() == DeliveryState.PENDING ? d.nextAttemptAt().toString() : null);
        if (d.lastStatusCode().isPresent()) {
            g.writeNumberField("last_status_code", d.lastStatusCode().get());
        }
        g.writeStringField("last_error", d.lastError().orElse(null));
        g.writeStringField("delivered_at", d.deliveredAt().map(Object::toString).orElse(null));
        g.writeArrayFieldStart("log");
        for (var attempt : logged.attempts()) {
            g.writeStartObject();
            g.writeNumberField("attempt", attempt.attempt());
            g.writeStringField("at", attempt.at().toString());
            if (attempt.statusCode().isPresent()) {
                g.writeNumberField("status_code", attempt.statusCode().get());
            }
            g.writeStringField("error", attempt.error().orElse(null));
            g.writeNumberField("duration_ms", attempt.durationMs());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The CLI's {@code callbacks log} line for one delivery. */
    public static String operatorLine(CallbackService.Logged logged) {
        var d = logged.delivery();
        var node = JsonSupport.MAPPER.createObjectNode()
                .put("delivery", Long.toString(d.id())).put("webhook_id", d.webhookId())
                .put("seq", Integer.toString(d.seq())).put("state", d.state().name())
                .put("attempts", Integer.toString(d.attempts())).put("target_url", d.targetUrl())
                .put("next_attempt_at", d.nextAttemptAt().toString())
                .put("last_error", d.lastError().orElse(null));
        var attempts = node.putArray("log");
        for (var attempt : logged.attempts()) {
            attempts.addObject().put("attempt", attempt.attempt()).put("at", attempt.at().toString())
                    .put("status_code", attempt.statusCode().orElse(null))
                    .put("error", attempt.error().orElse(null));
        }
        return node.toString();
    }
}
