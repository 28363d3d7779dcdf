package dev.verdict.privacy;

import dev.verdict.db.CommitSignal;
import dev.verdict.work.Worker;
import java.time.Duration;

/**
 * The background retention purge on this node, on the same {@link Worker} loop as the engine and
 * the callback dispatcher: one thread that, while it holds the purge's lease in the database (one
 * node at a time, taken over when a node dies), removes in batches of
 * {@value PrivacyService#BATCH} jobs whatever a partner's retention periods say is due, then sleeps
 * for the interval.
 */
public final class RetentionPurge implements AutoCloseable {
    private final CommitSignal wake = new CommitSignal();
    private final Worker<PrivacyService.Batch> worker;

    public RetentionPurge(PrivacyService privacy, Duration interval, String nodeId) {
        this.worker = new Worker<>("verdict-retention", interval, () -> privacy.nextBatch(nodeId), privacy::purge,
                wake::await, wake::signal);
    }

    public RetentionPurge start() {
        worker.start(1);
        return this;
    }

    /** The purge's worker: {@link Worker#runOnce} purges what is due now, in the caller's thread. */
    public Worker<?> worker() {
        return worker;
    }

    @Override
    public void close() {
        worker.close();
    }
}
