package dev.verdict.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off clients that send a request too slowly. The web framework closes idle keep-alive
 * connections (and with them a request line that never ends), but once a request line has arrived it
 * waits forever for the headers and the body; a few thousand such clients would hold every socket.
 *
 * <p>Each connection is served by one thread, which arms a deadline before it blocks reading and
 * disarms it after. A deadline that passes interrupts that thread, and interrupting a thread blocked
 * in a channel read closes the channel: the framework's own idle timeout works the same way.
 */
final class ReadDeadlines implements AutoCloseable {
    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final Set<Watch> armed = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Watch> watches = ThreadLocal.withInitial(() -> new Watch(Thread.currentThread()));
    private final ScheduledExecutorService scanner;

    ReadDeadlines(Duration headerTimeout, Duration bodyTimeout) {
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        // a tenth of the shorter timeout, so a deadline is enforced within 10% of it
        var tick = Math.clamp(Math.min(headerTimeout.toMillis(), bodyTimeout.toMillis()) / 10, 20, 500);
        this.scanner = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "read-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        scanner.scheduleAtFixedRate(this::expire, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Arms the header deadline once a request line has arrived; disarms it when the headers are complete. */
    Http1ConnectionListener headerListener() {
        return new Http1ConnectionListener() {
            @Override
            public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
                watches.get().arm(headerTimeout);
            }

            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                watches.get().disarm();
            }
        };
    }

    /** Arms the body deadline for one blocking read on the current connection's thread. */
    void armBodyRead() {
        watches.get().arm(bodyTimeout);
    }

    /** Ends the current thread's wait; true when its deadline passed first (its socket is then closed). */
    boolean disarm() {
        return watches.get().disarm();
    }

    private void expire() {
        var now = System.nanoTime();
        for (var watch : armed) {
            watch.expireIfDue(now);
        }
    }

    @Override
    public void close() {
        scanner.shutdownNow();
    }

    /** The deadline of one connection's thread. */
    private final class Watch {
        private final Thread thread;
        private long deadline;
        private boolean waiting;
        private boolean expired;

        Watch(Thread thread) {
            this.thread = thread;
        }

        synchronized void arm(Duration timeout) {
            deadline = System.nanoTime() + timeout.toNanos();
            waiting = true;
            expired = false;
            armed.add(this);
        }

        synchronized boolean disarm() {
            waiting = false;
            armed.remove(this);
            if (expired) {
                // the interrupt was for the wait that just ended: it must not hit the thread's next step
                Thread.interrupted();
                expired = false;
                return true;
            }
            return false;
        }

        synchronized void expireIfDue(long now) {
            if (waiting && now - deadline >= 0) {
                waiting = false;
                expired = true;
                armed.remove(this);
                thread.interrupt();
            }
        }
    }
}
