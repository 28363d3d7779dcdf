package dev.verdict.images;

import java.time.Instant;

/** An image's metadata; the bytes are in the {@link ImageStore}. */
public record ImageRecord(String id, long jobPk, ImageKind kind, String contentType, long sizeBytes, String sha256,
        Instant createdAt) {}
