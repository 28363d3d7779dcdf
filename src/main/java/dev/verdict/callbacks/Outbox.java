package dev.verdict.callbacks;

import dev.verdict.db.CommitSignal;
import dev.verdict.jobs.Job;
import dev.verdict.jobs.ResultEvent;
import dev.verdict.jobs.ResultListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.UUID;

/**
 * The durable outbox: every result event gets a delivery to its job's callback URL (else the
 * partner's default) in the very transaction that appends the event, so an event can never exist
 * without its callback, or a callback without its event.
 */
public final class Outbox implements ResultListener {
    private final CallbackStore store;
    private final InstantSource clock;
    private final CommitSignal signal;

    public Outbox(CallbackStore store, InstantSource clock, CommitSignal signal) {
        this.store = store;
        this.clock = clock;
        this.signal = signal;
    }

    @Override
    public void appended(Connection c, Job job, ResultEvent event) throws SQLException {
        var target = store.targetFor(c, job.pk());
        if (target.isPresent()) {
            store.insertIfAbsent(c, event.id(), job.pk(), event.seq(), event.isFinal(), target.get(), newWebhookId(),
                    clock.instant());
        }
    }

    @Override
    public void committed() {
        signal.signal();
    }

    /** A Standard Webhooks message id: stable across every attempt of one delivery. */
    static String newWebhookId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }
}
