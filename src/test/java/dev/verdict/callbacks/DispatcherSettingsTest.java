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
        // the defaults: 60 s lease, 10 s per attempt -> three attempts in a row end within 30 s
        assertThat(settings(Duration.ofSeconds(60), Duration.ofSeconds(10)).batch()).isEqualTo(3);
        assertThat(settings(Duration.ofSeconds(20), Duration.ofSeconds(10)).batch()).isEqualTo(1);
    }

    @Test
    void aClaimAlwaysTakesOneAndNeverMoreThanTheCap() {
        assertThat(settings(Duration.ofSeconds(5), Duration.ofSeconds(10)).batch()).isEqualTo(1);
        assertThat(settings(Duration.ofHours(1), Duration.ofSeconds(1)).batch()).isEqualTo(Dispatcher.Settings.MAX_BATCH);
    }
}
