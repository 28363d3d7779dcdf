package dev.verdict.callbacks;

/**
 * Where a delivery is. PENDING is the only state the dispatcher acts on; the others end a delivery
 * until an operator re-drives (DEAD) or replays (any state) it, which puts it back to PENDING.
 */
public enum DeliveryState {
    /** Waiting for its next attempt (or its first). */
    PENDING,
    /** The target answered 2xx. */
    DELIVERED,
    /** Given up: 410, a refused target, or the retry window is over. An operator can re-drive it. */
    DEAD,
    /**
     * Will not be sent: a provisional result overtaken by a later final one for the same job and
     * target, or a delivery not yet made when its person was erased (docs/privacy.md).
     */
    DROPPED;

    /**
     * The transition table. A PENDING delivery may be retried (PENDING again), delivered, given up
     * or dropped; every other state leads only back to PENDING (re-drive of a DEAD one, replay of a
     * job's deliveries whatever their state).
     */
    public boolean canMoveTo(DeliveryState next) {
        return switch (this) {
            case PENDING -> true;
            case DELIVERED, DEAD, DROPPED -> next == PENDING;
        };
    }

    /** @throws IllegalStateException naming both states when the table forbids the move */
    public void checkMoveTo(DeliveryState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("a callback delivery may not move from " + this + " to " + next);
        }
    }
}
