package dev.verdict.work;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background worker loop shared by the engine and the callback dispatcher: each thread claims
 * what is ready (a claim is a lease, so a dead node's items come back), processes it, and when
 * nothing is ready waits for this node's wake-up signal or the poll interval (other nodes' work is
 * found by polling). {@link #runOnce} does one round in the caller's thread, so a test can show
 * that nothing is ready instead of waiting to see nothing happen.
 */
public final class Worker<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    /** Claims the items ready now (with a lease); empty when there are none. */
    @FunctionalInterface
    public interface Claim<T> {
        List<T> claim();
    }

    /** Processes one claimed item. */
    @FunctionalInterface
    public interface Process<T> {
        void process(T item) throws InterruptedException;
    }

    /** Waits until this node signals new work or the timeout passes. */
    @FunctionalInterface
    public interface AwaitWork {
        void await(Duration timeout) throws InterruptedException;
    }

    private final String name;
    private final Duration poll;
    private final Claim<T> claim;
    private final Process<T> process;
    private final AwaitWork awaitWork;
    private final Runnable wake;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /** {@code name} names the threads ({@code name-0}, {@code name-1}, …); {@code wake} ends an {@code awaitWork}. */
    public Worker(String name, Duration poll, Claim<T> claim, Process<T> process, AwaitWork awaitWork, Runnable wake) {
        this.name = name;
        this.poll = poll;
        this.claim = claim;
        this.process = process;
        this.awaitWork = awaitWork;
        this.wake = wake;
    }

    public Worker<T> start(int threadCount) {
        running = true;
        for (int i = 0; i < threadCount; i++) {
            threads.add(Thread.ofVirtual().name(name + "-" + i).start(this::loop));
        }
        return this;
    }

    /** Claims and processes whatever is ready right now, until nothing is; returns how many items it handled. */
    public int runOnce() throws InterruptedException {
        var handled = 0;
        while (true) {
            var claimed = claim.claim();
            if (claimed.isEmpty()) {
                return handled;
            }
            for (var item : claimed) {
                process.process(item);
                handled++;
            }
        }
    }

    private void loop() {
        while (running) {
            try {
                runOnce();
                awaitWork.await(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | OutOfMemoryError e) {
                // a worker must outlive a failure (a claimed item comes back when its lease runs out):
                // a thread that died here would silently shrink the pool
                LOG.error("{} failed; retrying", Thread.currentThread().getName(), e);
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Stops the threads: wakes the idle ones, interrupts the busy ones, and waits up to 5 s for each. */
    @Override
    public void close() {
        running = false;
        wake.run();
        threads.forEach(Thread::interrupt);
        for (var thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
