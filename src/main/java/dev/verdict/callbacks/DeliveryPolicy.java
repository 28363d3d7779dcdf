package dev.verdict.callbacks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What happens to a delivery after an attempt, decided from the attempt's outcome, the delivery's
 * history and the time alone (no I/O, no clock of its own): 2xx delivers; 410 or a refused target
 * gives up at once (DEAD); anything else is retried with exponential backoff from
 * {@code initialDelay}, doubling up to {@code maxDelay}, each delay shortened by up to 20 % (jitter,
 * so a recovering receiver is not hit by every sender at once); no attempt later than {@code window}
 * after the window opened (then DEAD). Also the ordering rule: a final result may overtake an earlier
 * provisional one only after that one has failed at least once, and the provisional is then DROPPED.
 */
public record DeliveryPolicy(Duration initialDelay, Duration maxDelay, Duration window) {

    /** What an attempt came to, as far as the decision is concerned. */
    public enum Outcome {
        /** The target answered 2xx. */
        DELIVERED,
        /** The target answered 410 Gone: it wants no more callbacks. */
        GONE,
        /** The target may not be called (SSRF rules, a malformed URL, no key to sign with). */
        REFUSED,
        /** Any other status, a connection error or a timeout: worth another try. */
        FAILED;

        /** Reads a sender's result: a status code (or none) and whether the target was refused. */
        public static Outcome of(Integer statusCode, boolean refused) {
            if (statusCode != null && statusCode >= 200 && statusCode < 300) {
                return DELIVERED;
            }
            if (refused) {
                return REFUSED;
            }
            return statusCode != null && statusCode == 410 ? GONE : FAILED;
        }
    }

    /** A delivery's past: attempts made before this one, and when its retry window opened (creation or re-drive). */
    public record History(int attempts, Instant windowStart) {}

    /** The delivery's next state and, when it stays PENDING, its next attempt (otherwise the time of the decision). */
    public record Decision(DeliveryState state, Instant nextAttemptAt) {}

    /** The decision after an attempt that ended with {@code outcome} at {@code now}; {@code jitter} is in [0, 1). */
    public Decision after(Outcome outcome, History history, Instant now, double jitter) {
        return switch (outcome) {
            case DELIVERED -> new Decision(DeliveryState.DELIVERED, now);
            case GONE, REFUSED -> new Decision(DeliveryState.DEAD, now);
            case FAILED -> retryAt(history.attempts() + 1, now, history.windowStart(), jitter)
                    .map(at -> new Decision(DeliveryState.PENDING, at))
                    .orElseGet(() -> new Decision(DeliveryState.DEAD, now));
        };
    }

    /** The next attempt after {@code attempts} failed ones, or empty when the window is used up. */
    public Optional<Instant> retryAt(int attempts, Instant now, Instant windowStart, double jitter) {
        var exponent = Math.min(Math.max(attempts - 1, 0), 30);
        var delay = initialDelay.multipliedBy(1L << exponent);
        if (delay.compareTo(maxDelay) > 0 || delay.isNegative()) {
            delay = maxDelay;
        }
        var shortening = (long) (delay.toMillis() * 0.2 * jitter);
        var at = now.plus(delay.minusMillis(shortening));
        return at.isAfter(windowStart.plus(window)) ? Optional.empty() : Optional.of(at);
    }

    /** Whether a delivery, once claimed, may overtake earlier pending ones of its job and target at all. */
    public static boolean mayOvertake(Delivery claimed) {
        return claimed.isFinal();
    }

    /**
     * Whether the claimed delivery overtakes {@code earlier} (same job and target, lower seq, PENDING),
     * which is then DROPPED so that it never arrives after the final result. The claim query
     * ({@link CallbackStore#claimDue}, through its per-delivery check) holds a final delivery back by the same rule.
     */
    public static boolean overtakes(Delivery claimed, Delivery earlier) {
        return mayOvertake(claimed) && !earlier.isFinal() && earlier.state() == DeliveryState.PENDING
                && earlier.attempts() > 0 && earlier.jobPk() == claimed.jobPk()
                && earlier.targetUrl().equals(claimed.targetUrl()) && earlier.seq() < claimed.seq();
    }
}
