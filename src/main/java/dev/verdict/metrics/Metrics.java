package dev.verdict.metrics;

import dev.verdict.callbacks.CallbackService;
import dev.verdict.db.Database;
import dev.verdict.http.Handler;
import dev.verdict.http.Reply;
import dev.verdict.http.RequestObserver;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.WorkClaims;
import dev.verdict.review.ReviewService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;

/**
 * The process's meters in one Micrometer registry, scraped as Prometheus text at {@code GET /metrics}
 * (docs/operations.md lists every metric). Each {@code Application} has its own registry: nothing global.
 */
public final class Metrics implements AutoCloseable {
    /** The Prometheus text exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RequestMetrics requests = new RequestMetrics(registry);
    private final BacklogGauges backlog;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Metrics(Database database, JobService jobs, WorkClaims claims, ReviewService review,
            CallbackService callbacks, InstantSource clock) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        database.publishPoolMetrics(registry);
        Gauge.builder("verdict.db.gate.waiting", database, Database::waitingForGate)
                .description("Callers waiting for a database connection at the gate in front of the pool")
                .register(registry);
        // both image read series exist from the start, so a rate over them is defined before the first read
        RequestMetrics.imageReads(registry, "link");
        RequestMetrics.imageReads(registry, "internal_api");
        this.backlog = new BacklogGauges(jobs, claims, review, callbacks, clock);
        backlog.register(registry);
    }

    /** What {@code WebServerHost} tells of every answer. */
    public RequestObserver requests() {
        return requests;
    }

    /** {@code GET /metrics}: refreshes the backlog snapshot if it is stale, then the whole registry as text. */
    public Handler scrape() {
        return request -> {
            backlog.refreshIfStale();
            return new Reply(200, CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8),
                    Map.of("Cache-Control", "no-store"));
        };
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
