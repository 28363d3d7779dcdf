package dev.verdict.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class TargetGuardTest {

    @Test
    void refusesEveryPrivateLoopbackAndReservedRange() throws Exception {
        var guard = new TargetGuard(List.of());
        for (var address : List.of("127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
                "::ffff:10.0.0.1")) {
            assertThatThrownBy(() -> guard.check(InetAddress.getByName(address))).as(address)
                    .isInstanceOf(TargetGuard.Refused.class);
        }
        for (var address : List.of("8.8.8.8", "1.1.1.1", "2001:4860:4860::8888")) {
            guard.check(InetAddress.getByName(address)); // public: allowed (checked, never contacted)
        }
    }

    @Test
    void allowedBlocksMakeExceptions() throws Exception {
        var guard = new TargetGuard(List.of("127.0.0.0/8", "::1/128", "10.20.0.0/16"));
        guard.check(InetAddress.getByName("127.0.0.1"));
        guard.check(InetAddress.getByName("::1"));
        guard.check(InetAddress.getByName("10.20.3.4"));
        assertThatThrownBy(() -> guard.check(InetAddress.getByName("10.21.0.1"))).isInstanceOf(TargetGuard.Refused.class);
        // "localhost" resolves through the hosts file, never asking a DNS server
        assertThat(guard.resolve("localhost")).isNotEmpty();
        assertThatThrownBy(() -> new TargetGuard(List.of()).resolve("localhost")).isInstanceOf(TargetGuard.Refused.class);
    }

    @Test
    void productionSendsOnlyToHttps() {
        try (var sender = new CallbackSender(new TargetGuard(List.of("127.0.0.0/8")), true, Duration.ofSeconds(1))) {
            var outcome = sender.post("http://127.0.0.1:9/cb", "{}", Map.of());
            assertThat(outcome.refused()).isTrue();
            assertThat(outcome.error()).contains("https");
            assertThat(sender.post("https://user:pw@127.0.0.1:9/cb", "{}", Map.of()).refused()).isTrue();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void retriesBackOffExponentiallyWithJitterWithinTheWindow() {
        var schedule = new RetrySchedule(Duration.ofSeconds(30), Duration.ofHours(4), Duration.ofHours(24));
        var start = Instant.parse("2026-01-01T00:00:00Z");
        var random = RandomGenerator.of("L64X128MixRandom");
        var now = start;
        var attempts = 0;
        var previous = Duration.ZERO;
        while (true) {
            var next = schedule.next(++attempts, now, start, random);
            if (next.isEmpty()) {
                break;
            }
            var delay = Duration.between(now, next.get());
            var nominal = Duration.ofSeconds(30).multipliedBy(1L << Math.min(attempts - 1, 20));
            if (nominal.compareTo(Duration.ofHours(4)) > 0) {
                nominal = Duration.ofHours(4);
            }
            assertThat(delay).isBetween(nominal.multipliedBy(8).dividedBy(10), nominal);
            assertThat(delay.compareTo(previous) >= 0 || nominal.equals(Duration.ofHours(4))).isTrue();
            previous = delay;
            now = next.get();
        }
        assertThat(Duration.between(start, now)).isGreaterThan(Duration.ofHours(20)).isLessThanOrEqualTo(Duration.ofHours(24));
        assertThat(attempts).isBetween(10, 16);
    }
}
