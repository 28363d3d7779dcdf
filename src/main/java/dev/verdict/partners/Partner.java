package dev.verdict.partners;

import java.time.Instant;
import java.util.Optional;

/** A partner as operators see it. Keys are never part of this view. */
public record Partner(
        long id,
        String name,
        PartnerStatus status,
        Optional<String> defaultCallbackUrl,
        Optional<Long> timestampWindowSeconds,
        int activeKeys,
        Instant createdAt) {}
