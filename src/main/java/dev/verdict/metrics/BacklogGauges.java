package dev.verdict.metrics;

import dev.verdict.callbacks.CallbackService;
import dev.verdict.callbacks.DeliveryState;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.jobs.WorkClaims;
import dev.verdict.review.ReviewService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the database says about the backlog: jobs by state, the engine's queue, the review queue,
 * callback deliveries. Four aggregate queries (one per feature, through its service) compute a
 * snapshot at most once per {@link #MAX_AGE}, when a scrape asks; the gauges only read the snapshot,
 * so a scrape never runs a query per gauge and scrapes in quick succession run none.
 */
final class BacklogGauges {
    private static final Logger LOG = LoggerFactory.getLogger(BacklogGauges.class);
    /** How long a snapshot serves scrapes. */
    static final Duration MAX_AGE = Duration.ofSeconds(10);

    private record Snapshot(Instant at, Map<JobState, Long> jobs, WorkClaims.QueueSummary queue,
            ReviewService.Queue review, CallbackService.Summary deliveries) {}

    private final JobService jobs;
    private final WorkClaims claims;
    private final ReviewService review;
    private final CallbackService callbacks;
    private final InstantSource clock;
    private volatile Snapshot snapshot;

    BacklogGauges(JobService jobs, WorkClaims claims, ReviewService review, CallbackService callbacks,
            InstantSource clock) {
        this.jobs = jobs;
        this.claims = claims;
        this.review = review;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    void register(MeterRegistry registry) {
        for (var state : JobState.values()) {
            gauge(registry, "verdict.jobs", "Jobs in each state", s -> s.jobs().getOrDefault(state, 0L))
                    .tag("state", state.name()).register(registry);
        }
        gauge(registry, "verdict.work.queue.items", "Engine work items not yet done (ready, delayed or claimed)",
                s -> s.queue().open()).register(registry);
        gauge(registry, "verdict.work.queue.ready", "Engine work items ready to be claimed now",
                s -> s.queue().ready()).register(registry);
        gauge(registry, "verdict.work.queue.oldest.ready.age", "How long the oldest ready work item has waited",
                s -> ageSeconds(s.queue().oldestReadySince(), s.at())).baseUnit("seconds").register(registry);
        gauge(registry, "verdict.review.queue.jobs", "Jobs awaiting human review", s -> s.review().length())
                .register(registry);
        gauge(registry, "verdict.review.queue.oldest.age", "How long the oldest job in review has waited",
                s -> s.review().oldestAgeSeconds()).baseUnit("seconds").register(registry);
        for (var state : DeliveryState.values()) {
            gauge(registry, "verdict.callback.deliveries", "Callback deliveries in each state",
                    s -> s.deliveries().byState().getOrDefault(state, 0L)).tag("state", state.name())
                    .register(registry);
        }
        gauge(registry, "verdict.callback.delivery.attempts", "Attempts made at all callback deliveries",
                s -> s.deliveries().attempts()).register(registry);
        gauge(registry, "verdict.callback.oldest.pending.age", "How long ago the oldest pending delivery was created",
                s -> ageSeconds(s.deliveries().oldestPendingSince(), s.at())).baseUnit("seconds").register(registry);
    }

    private Gauge.Builder<BacklogGauges> gauge(MeterRegistry registry, String name, String description,
            ToDoubleFunction<Snapshot> value) {
        return Gauge.builder(name, this, g -> {
            var current = g.snapshot;
            return current == null ? Double.NaN : value.applyAsDouble(current);
        }).description(description);
    }

    /** Takes a new snapshot when the last one is older than {@link #MAX_AGE}; called before each scrape. */
    synchronized void refreshIfStale() {
        var now = clock.instant();
        var current = snapshot;
        if (current != null && now.isBefore(current.at().plus(MAX_AGE)) && !now.isBefore(current.at())) {
            return;
        }
        try {
            snapshot = new Snapshot(now, jobs.countByState(), claims.summary(), review.summary(), callbacks.summary());
        } catch (RuntimeException e) {
            // the scrape still answers (JVM, pool, requests); the backlog gauges keep their last values
            LOG.warn("backlog metrics not refreshed: {}", e.getClass().getName());
        }
    }

    private static double ageSeconds(Optional<Instant> since, Instant now) {
        return since.map(t -> Math.max(0, Duration.between(t, now).toMillis() / 1000.0)).orElse(0.0);
    }
}
