package dev.verdict.console;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Post/redirect/get: an action leaves one {@link Notice} for its session, the next page of that
 * session takes it, and a reload finds nothing (so a key or password is shown exactly once). Kept in
 * this node's memory only: behind a load balancer the console needs affinity for the one redirect
 * after an action, or the notice (and a secret in it) is lost; rotating again issues a new one.
 */
final class Notices {
    /** Long enough for any redirect to arrive; a notice nobody picked up is dropped after this. */
    private static final Duration TTL = Duration.ofMinutes(2);
    /** An upper bound on memory whatever the number of sessions. */
    private static final int MAX_PENDING = 10_000;

    private record Pending(Notice notice, Instant expires) {}

    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final InstantSource clock;

    Notices(InstantSource clock) {
        this.clock = clock;
    }

    void leave(String sessionKey, Notice notice) {
        var now = clock.instant();
        if (pending.size() >= MAX_PENDING) {
            pending.values().removeIf(p -> !now.isBefore(p.expires()));
        }
        if (pending.size() < MAX_PENDING) {
            pending.put(sessionKey, new Pending(notice, now.plus(TTL)));
        }
    }

    Optional<Notice> take(String sessionKey) {
        var taken = pending.remove(sessionKey);
        if (taken == null || !clock.instant().isBefore(taken.expires())) {
            return Optional.empty();
        }
        return Optional.of(taken.notice());
    }
}
