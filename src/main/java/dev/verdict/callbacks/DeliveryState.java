package dev.verdict.callbacks;

/** Where a delivery is. PENDING is the only state the dispatcher acts on. */
public enum DeliveryState {
    /** Waiting for its next attempt (or its first). */
    PENDING,
    /** The target answered 2xx. */
    DELIVERED,
    /** Given up: 410, a refused target, or the retry window is over. An operator can re-drive it. */
    DEAD,
    /** A provisional result overtaken by a later final one for the same job and target. */
    DROPPED
}
