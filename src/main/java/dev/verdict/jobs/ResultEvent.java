package dev.verdict.jobs;

import java.time.Instant;
import java.util.Optional;

/** One appended result (never updated): the object partners receive, plus who produced it. */
public record ResultEvent(
        long id,
        long jobPk,
        int seq,
        String resultCode,
        boolean isFinal,
        String resultJson,
        String producedBy,
        Optional<Integer> supersedesSeq,
        Instant createdAt) {}
