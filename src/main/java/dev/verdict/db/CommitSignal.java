package dev.verdict.db;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes this node's background workers when a commit has created work for them, so they act at
 * once instead of at their next poll (other nodes' work is found by polling).
 */
public final class CommitSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private boolean signalled;

    public void signal() {
        lock.lock();
        try {
            signalled = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until signalled or the timeout passes. */
    public void await(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            if (!signalled) {
                arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }
}
