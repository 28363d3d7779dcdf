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
    void everySpellingOfAReservedAddressIsReadAsThatAddress() {
        var guard = new TargetGuard(List.of());
        // host as written -> the reserved IPv4 address it reaches; none of these is ever looked up
        var spellings = new java.util.LinkedHashMap<String, String>();
        spellings.put("0177.0.0.1", "127.0.0.1"); // octal, which Java alone would read as 177.0.0.1
        spellings.put("[::127.0.0.1]", "127.0.0.1"); // IPv4-compatible ::/96
        spellings.put("[2002:7f00:1::]", "127.0.0.1"); // 6to4 2002::/16
        spellings.put("2002:a9fe:a9fe::1", "169.254.169.254");
        spellings.put("[64:ff9b::10.0.0.1]", "10.0.0.1"); // NAT64
        spellings.put("[2001:0:a00:1::1]", "10.0.0.1"); // Teredo server
        spellings.put("[2001:0:4136:e378:8000:63bf:80ff:fffe]", "127.0.0.1"); // Teredo client, stored inverted
        spellings.put("::ffff:c0a8:101", "192.168.1.1"); // IPv4-mapped, hex groups
        spellings.put("127.1", "127.0.0.1");
        spellings.put("10.1", "10.0.0.1");
        spellings.put("2130706433", "127.0.0.1");
        spellings.put("0x7f000001", "127.0.0.1");
        spellings.put("0x7f.0.0.1", "127.0.0.1");
        spellings.put("0xA9.0376.0xa9fe", "169.254.169.254");
        spellings.put("017700000001", "127.0.0.1");
        spellings.put("127.0.0.1.", "127.0.0.1");
        spellings.put("0", "0.0.0.0");
        for (var spelling : spellings.entrySet()) {
            assertThatThrownBy(() -> guard.resolve(spelling.getKey())).as(spelling.getKey())
                    .isInstanceOf(TargetGuard.Refused.class)
                    .hasMessageContaining("private, loopback or reserved")
                    .hasMessageContaining(spelling.getValue());
        }
    }

    @Test
    void anAllowedAddressIsConnectedToAsReadAndMustBeWrittenPlainly() throws Exception {
        var guard = new TargetGuard(List.of("127.0.0.0/8"));
        assertThat(guard.resolve("127.0.0.1")).containsExactly(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        for (var spelling : List.of("0177.0.0.1", "127.1", "2130706433", "127.0.0.1.")) {
            assertThatThrownBy(() -> guard.resolve(spelling)).as(spelling)
                    .isInstanceOf(TargetGuard.Refused.class)
                    .hasMessageContaining("non-standard spelling of 127.0.0.1; write it as 127.0.0.1");
        }
        // public addresses pass the range check: the refusal is about the spelling alone
        assertThatThrownBy(() -> new TargetGuard(List.of()).resolve("0x8.8.8.8"))
                .hasMessageContaining("non-standard spelling of 8.8.8.8");
        // a public address inside an embedding is still public
        new TargetGuard(List.of()).check(InetAddress.getByName("2002:808:808::1"));
        new TargetGuard(List.of()).check(InetAddress.getByName("64:ff9b::8.8.8.8"));
    }

    @Test
    void aNumericHostThatIsNoAddressIsRefusedWithoutALookup() {
        var guard = new TargetGuard(List.of());
        for (var host : List.of("1.2.3.256", "08.0.0.1", "1.2.3.4.5", "0x100000000", "256.1", "1..1", "[::zz]")) {
            assertThatThrownBy(() -> guard.resolve(host)).as(host)
                    .isInstanceOf(TargetGuard.Refused.class)
                    .hasMessageContaining("is not a valid IPv");
        }
    }

    @Test
    void theSenderNamesTheRealReasonForAnyAddressSpelling() throws Exception {
        try (var sender = new CallbackSender(new TargetGuard(List.of()), true, Duration.ofSeconds(1))) {
            for (var url : List.of("https://127.1/cb", "https://0x7f.0.0.1:8443/cb", "https://0177.0.0.1/cb",
                    "https://[::127.0.0.1]/cb", "https://[2002:7f00:1::]:9/cb", "https://2130706433/cb")) {
                var outcome = sender.post(url, "{}", Map.of());
                assertThat(outcome.refused()).as(url).isTrue();
                assertThat(outcome.error()).as(url).contains("private, loopback or reserved").contains("127.0.0.1")
                        .doesNotContain("https URLs");
            }
            assertThat(sender.post("https://user@127.1/cb", "{}", Map.of()).error()).contains("user-info");
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
        var policy = new DeliveryPolicy(Duration.ofSeconds(30), Duration.ofHours(4), Duration.ofHours(24));
        var start = Instant.parse("2026-01-01T00:00:00Z");
        var random = RandomGenerator.of("L64X128MixRandom");
        var now = start;
        var attempts = 0;
        var previous = Duration.ZERO;
        while (true) {
            var next = policy.retryAt(++attempts, now, start, random.nextDouble());
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
