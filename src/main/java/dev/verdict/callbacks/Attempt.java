package dev.verdict.callbacks;

import java.time.Instant;
import java.util.Optional;

/** One try at delivering: what came back, or what went wrong. */
public record Attempt(long deliveryId, int attempt, Instant at, Optional<Integer> statusCode, Optional<String> error,
        long durationMs) {}
