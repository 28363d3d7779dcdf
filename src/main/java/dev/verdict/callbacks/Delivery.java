package dev.verdict.callbacks;

import java.time.Instant;
import java.util.Optional;

/** One result event on its way to one target URL. */
public record Delivery(
        long id,
        long eventId,
        long jobPk,
        int seq,
        boolean isFinal,
        String targetUrl,
        String webhookId,
        DeliveryState state,
        int attempts,
        Instant nextAttemptAt,
        Instant windowStart,
        Optional<Integer> lastStatusCode,
        Optional<String> lastError,
        long version,
        Instant createdAt,
        Optional<Instant> deliveredAt) {}
