package dev.verdict.callbacks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again: exponential backoff from {@code initial}, doubling up to
 * {@code maxDelay}, each delay shortened by up to 20 % at random (jitter, so a recovering receiver is
 * not hit by every sender at once); no attempt later than {@code window} after the event.
 */
public record RetrySchedule(Duration initial, Duration maxDelay, Duration window) {

    /** The next attempt after {@code attempts} failed ones, or empty when the window is used up. */
    public Optional<Instant> next(int attempts, Instant now, Instant createdAt, RandomGenerator random) {
        var exponent = Math.min(Math.max(attempts - 1, 0), 30);
        var delay = initial.multipliedBy(1L << exponent);
        if (delay.compareTo(maxDelay) > 0 || delay.isNegative()) {
            delay = maxDelay;
        }
        var jitter = (long) (delay.toMillis() * 0.2 * random.nextDouble());
        var at = now.plus(delay.minusMillis(jitter));
        return at.isAfter(createdAt.plus(window)) ? Optional.empty() : Optional.of(at);
    }
}
