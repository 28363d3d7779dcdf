package dev.verdict.jobs;

import dev.verdict.db.CommitSignal;
import dev.verdict.db.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Engines taking work: claims of ready jobs (a lease on their work items, the jobs moved to
 * PROCESSING), hand-backs, and this node's wake-up signal for idle workers. Each method is one
 * transaction.
 */
public final class WorkClaims {
    private final Database database;
    private final InstantSource clock;
    private final CommitSignal workSignal;
    private final WorkQueueStore queue;
    private final JobStore store = new JobStore();

    /** {@code workSignal} is the one that job creation and uploads signal after queueing work. */
    public WorkClaims(Database database, InstantSource clock, CommitSignal workSignal) {
        this.database = database;
        this.clock = clock;
        this.workSignal = workSignal;
        this.queue = new WorkQueueStore(database.dialect());
    }

    /** A claimed work item with its job. */
    public record Claimed(WorkItem item, Job job) {}

    /** Claims ready work of these job types for {@code owner}; the jobs move to PROCESSING in the same transaction. */
    public List<Claimed> claim(String owner, Collection<Integer> jobTypes, int max, Duration lease) {
        return database.inTransaction(c -> {
            var now = clock.instant();
            var claimed = new ArrayList<Claimed>();
            for (var item : queue.claim(c, owner, jobTypes, max, now, lease)) {
                var job = store.find(c, item.jobPk(), true).orElseThrow();
                var next = job.state().onClaim();
                if (next != job.state()) {
                    store.moveTo(c, job, next, now);
                    job = store.find(c, item.jobPk(), false).orElseThrow();
                }
                claimed.add(new Claimed(item, job));
            }
            return claimed;
        });
    }

    /** Hands a claimed item back until {@code availableAt}. False when the claim was lost meanwhile. */
    public boolean release(WorkItem item, Instant availableAt) {
        return database.inTransaction(c -> queue.release(c, item, availableAt, clock.instant()));
    }

    /** The queue at a glance: open items, items ready now, and since when the oldest ready one waits. */
    public record QueueSummary(long open, long ready, java.util.Optional<Instant> oldestReadySince) {}

    /** One aggregate over the open items (metrics). */
    public QueueSummary summary() {
        return database.read(c -> queue.summary(c, clock.instant()));
    }

    /** Items not yet done (operators and tests). */
    public int openCount() {
        return database.read(queue::openCount);
    }

    /** Wakes this node's idle workers (on shutdown, too). */
    public void signal() {
        workSignal.signal();
    }

    /** Waits until signalled or the timeout passes (other nodes' work is found by polling). */
    public void awaitWork(Duration timeout) throws InterruptedException {
        workSignal.await(timeout);
    }
}
