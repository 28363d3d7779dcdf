package dev.verdict.callbacks;

import dev.verdict.db.CommitSignal;
import dev.verdict.db.Database;
import dev.verdict.jobs.SmileJobIds;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** Operator use cases on callbacks: a job's delivery log, re-driving dead deliveries, replaying a job. */
public final class CallbackService {
    private final Database database;
    private final CallbackStore store;
    private final CommitSignal signal;
    private final InstantSource clock;

    public CallbackService(Database database, CallbackStore store, CommitSignal signal, InstantSource clock) {
        this.database = database;
        this.store = store;
        this.signal = signal;
        this.clock = clock;
    }

    /** Deliveries per state, attempts made at all of them, and when the oldest pending one was created. */
    public record Summary(java.util.Map<DeliveryState, Long> byState, long attempts,
            Optional<java.time.Instant> oldestPendingSince) {}

    /** One aggregate over the deliveries (metrics). */
    public Summary summary() {
        return database.read(store::summary);
    }

    /** A delivery with every attempt made at it. */
    public record Logged(Delivery delivery, List<Attempt> attempts) {}

    public List<Logged> log(long jobPk) {
        return database.inTransaction(c -> {
            var logged = new java.util.ArrayList<Logged>();
            for (var delivery : store.forJob(c, jobPk)) {
                logged.add(new Logged(delivery, store.attempts(c, delivery.id())));
            }
            return logged;
        });
    }

    public Optional<List<Logged>> log(String smileJobId) {
        return SmileJobIds.parse(smileJobId).stream().boxed().findFirst().map(this::log);
    }

    /** A DEAD delivery back to PENDING with a fresh retry window. False when there is no such DEAD delivery. */
    public boolean redrive(long deliveryId) {
        int changed = database.inTransaction(c -> store.requeue(c, DeliverySelection.deadDelivery(deliveryId), clock.instant()));
        signal.signal();
        return changed == 1;
    }

    public int redriveAllDead() {
        int changed = database.inTransaction(c -> store.requeue(c, DeliverySelection.allDead(), clock.instant()));
        signal.signal();
        return changed;
    }

    /**
     * Sends every result of a job again, in order, with the same webhook ids (a receiver that keeps
     * them sees duplicates it can recognise); events that never had a delivery get one now.
     */
    public int replay(String smileJobId) {
        var pk = SmileJobIds.parse(smileJobId);
        if (pk.isEmpty()) {
            return 0;
        }
        int changed = database.inTransaction(c -> {
            var now = clock.instant();
            var target = store.targetFor(c, pk.getAsLong());
            if (target.isPresent()) {
                for (var event : store.events(c, pk.getAsLong())) {
                    store.insertIfAbsent(c, event.eventId(), pk.getAsLong(), event.seq(), event.isFinal(), target.get(),
                            Outbox.newWebhookId(), now);
                }
            }
            return store.requeue(c, DeliverySelection.ofJob(pk.getAsLong()), now);
        });
        signal.signal();
        return changed;
    }

    /**
     * Drops the deliveries of a job not yet delivered (PENDING → DROPPED), inside the caller's
     * transaction: an erasure stops callbacks that would carry the erased person's results. Returns how many.
     */
    public int dropUndelivered(java.sql.Connection c, long jobPk) throws java.sql.SQLException {
        return store.dropPendingOfJob(c, jobPk, clock.instant());
    }

    /** Wakes idle delivery workers (after a test moves the clock, for instance). */
    public void wake() {
        signal.signal();
    }
}
