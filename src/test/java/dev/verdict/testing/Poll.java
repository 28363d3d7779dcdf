package dev.verdict.testing;

import java.time.Duration;
import java.util.Optional;

/**
 * Waiting, in real time, for something a server does in the background (a job completing, a callback
 * arriving, a process answering): checks every {@code interval} until it holds, and fails the test with
 * what it waited for once {@code timeout} has passed. Tests that can move the {@link SettableClock} or
 * run a worker once do that instead.
 *
 * <pre>{@code
 * Poll.until(Duration.ofSeconds(20), () -> receiver.received(path).size() == 3, "three callbacks");
 * var event = Poll.until(Duration.ofSeconds(20), () -> find(...), "the log line");   // Optional -> value
 * Poll.atMost(Duration.ofSeconds(60)).every(Duration.ofMillis(200)).until(() -> done(), () -> "done\n" + output());
 * }</pre>
 */
public final class Poll {
    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(20);

    /** A check that may do I/O; an exception it throws fails the wait at once. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** A lookup that may do I/O: empty until the awaited thing is there. */
    @FunctionalInterface
    public interface Probe<T> {
        Optional<T> find() throws Exception;
    }

    /** What is awaited, worded when the wait fails: it may read state (a server's output) and do I/O. */
    @FunctionalInterface
    public interface Description {
        String describe() throws Exception;
    }

    private final Duration timeout;
    private final Duration interval;

    private Poll(Duration timeout, Duration interval) {
        this.timeout = timeout;
        this.interval = interval;
    }

    public static Poll atMost(Duration timeout) {
        return new Poll(timeout, DEFAULT_INTERVAL);
    }

    /** Checks this often (default 20 ms): slower where each check is expensive or loads the server. */
    public Poll every(Duration interval) {
        return new Poll(timeout, interval);
    }

    public static void until(Duration timeout, Condition condition, String what) throws InterruptedException {
        atMost(timeout).until(condition, what);
    }

    public static <T> T until(Duration timeout, Probe<T> probe, String what) throws InterruptedException {
        return atMost(timeout).until(probe, what);
    }

    public void until(Condition condition, String what) throws InterruptedException {
        until(condition, () -> what);
    }

    /** {@code what} is computed on timeout only, so it can carry the state of the moment (a server's output). */
    public void until(Condition condition, Description what) throws InterruptedException {
        until(() -> condition.holds() ? Optional.of(Boolean.TRUE) : Optional.empty(), what);
    }

    public <T> T until(Probe<T> probe, String what) throws InterruptedException {
        return until(probe, () -> what);
    }

    public <T> T until(Probe<T> probe, Description what) throws InterruptedException {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var found = find(probe, what);
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + describe(what));
            }
            Thread.sleep(interval);
        }
    }

    private static String describe(Description what) {
        try {
            return what.describe();
        } catch (Exception e) {
            return "(a description that failed: " + e + ")";
        }
    }

    private static <T> Optional<T> find(Probe<T> probe, Description what) throws InterruptedException {
        try {
            return probe.find();
        } catch (RuntimeException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("checking for " + describe(what) + " failed", e);
        }
    }
}
