package dev.verdict.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DispatcherSettingsTest {
    private static Dispatcher.Settings settings(Duration lease, Duration timeout) {
        return new Dispatcher.Settings(4, lease, timeout, Duration.ofSeconds(1), "node",
                new DeliveryPolicy(Duration.ofSeconds(30), Duration.ofHours(4), Duration.ofHours(24)));
    }

    @Test
    void aClaimHoldsOnlyWhatCanBeAttemptedWithinHalfTheLease() {
        // an attempt may take twice the timeout: the defaults (60 s lease, 10 s timeout) claim one at a time
        assertThat(settings(Duration.ofSeconds(60), Duration.ofSeconds(10)).batch()).isEqualTo(1);
        // a 10-minute lease with the 10 s timeout: fifteen 20 s attempts fit its first half, eight are taken
        assertThat(settings(Duration.ofMinutes(10), Duration.ofSeconds(10)).batch()).isEqualTo(8);
        // a 2-minute lease: three 20 s attempts end within its first minute
        assertThat(settings(Duration.ofMinutes(2), Duration.ofSeconds(10)).batch()).isEqualTo(3);
    }

    @Test
    void aClaimAlwaysTakesOneAndNeverMoreThanTheCap() {
        assertThat(settings(Duration.ofSeconds(5), Duration.ofSeconds(10)).batch()).isEqualTo(1);
        assertThat(settings(Duration.ofHours(1), Duration.ofSeconds(1)).batch()).isEqualTo(Dispatcher.Settings.MAX_BATCH);
    }
}
