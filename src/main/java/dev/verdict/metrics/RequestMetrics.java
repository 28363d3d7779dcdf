package dev.verdict.metrics;

import dev.verdict.http.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code verdict_http_requests_seconds}: one timer per (listener, route pattern, method, status, code),
 * built once and then found by a map lookup of a small key, so an answer costs one hash lookup and one
 * timer update. Labels are bounded: routes are the patterns of the route table (unknown paths are one
 * value), codes come from the error-code catalogues. Image answers also count {@code verdict_image_reads_total}.
 */
final class RequestMetrics implements RequestObserver {
    /** A few latency buckets (plus +Inf): enough for SLO alerts, twelve series per timer. */
    static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1),
        Duration.ofSeconds(5)};
    /** The routes that answer an image's bytes, and what to call each in {@code verdict_image_reads_total}. */
    private static final Set<String> IMAGE_ROUTES = Set.of("/images/{id}", "/internal/v1/images/{image_id}");

    private record Key(String listener, String route, String method, int status, String code) {}

    private record Meters(Timer timer, Counter imageReads) {}

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(String listener, String route, String method, int status, String code, long nanos) {
        var key = new Key(listener, route, method, status, code == null ? "" : code);
        var found = meters.get(key);
        if (found == null) {
            found = meters.computeIfAbsent(key, this::create);
        }
        found.timer().record(nanos, TimeUnit.NANOSECONDS);
        if (found.imageReads() != null) {
            found.imageReads().increment();
        }
    }

    private Meters create(Key key) {
        var timer = Timer.builder("verdict.http.requests")
                .description("HTTP answers by listener, route pattern, method, status and the code their body carries")
                .tag("listener", key.listener())
                .tag("route", key.route())
                .tag("method", key.method())
                .tag("status", Integer.toString(key.status()))
                .tag("code", key.code())
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        Counter imageReads = null;
        if (key.status() == 200 && "GET".equals(key.method()) && IMAGE_ROUTES.contains(key.route())) {
            imageReads = imageReads(registry, key.route().startsWith("/internal/") ? "internal_api" : "link");
        }
        return new Meters(timer, imageReads);
    }

    static Counter imageReads(MeterRegistry registry, String via) {
        return Counter.builder("verdict.image.reads")
                .description("Images served: through a signed image link, or the internal API")
                .tag("via", via)
                .register(registry);
    }
}
