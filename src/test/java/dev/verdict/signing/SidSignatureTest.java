package dev.verdict.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SidSignatureTest {

    @Test
    void matchesTheJavaSdkVector() {
        // PROTOCOL.md §2.1: smile-identity-core-java SignatureTest
        assertThat(new SidSignature("apiKey").sign("2023-02-13T15:07:42.214Z", "partner"))
                .isEqualTo("XxThLHZy2ij1WINkqNEPgzVs9RvUDHWlebDYzprqS74=");
    }

    @Test
    void signsThePartnerIdVerbatimSoLeadingZerosMatter() {
        var signature = new SidSignature("apiKey");
        assertThat(signature.sign("2022-10-27T13:25:54.150Z", "001"))
                .isEqualTo("eUbthRSv4CoN6AFQ/gJLNv+DejOD2QU2gskpOqk//E4=");
        assertThat(signature.verifies("eUbthRSv4CoN6AFQ/gJLNv+DejOD2QU2gskpOqk//E4=", "2022-10-27T13:25:54.150Z", "1"))
                .isFalse();
    }

    @Test
    void verifiesOnlyTheExactTimestampText() {
        var signature = new SidSignature("k");
        var signed = signature.sign("2024-05-01T10:20:30.123456+00:00", "1001");
        assertThat(signature.verifies(signed, "2024-05-01T10:20:30.123456+00:00", "1001")).isTrue();
        assertThat(signature.verifies(signed, "2024-05-01T10:20:30.123Z", "1001")).isFalse();
        assertThat(signature.verifies("not base64 at all!", "2024-05-01T10:20:30.123456+00:00", "1001")).isFalse();
        assertThat(new SidSignature("other").verifies(signed, "2024-05-01T10:20:30.123456+00:00", "1001")).isFalse();
    }

    @Test
    void responseTimestampsHaveExactlyThreeFractionalDigitsAndZ() {
        assertThat(SidSignature.responseTimestamp(Instant.parse("2026-01-02T03:04:05Z")))
                .isEqualTo("2026-01-02T03:04:05.000Z");
        assertThat(SidSignature.responseTimestamp(Instant.parse("2026-01-02T03:04:05.123456789Z")))
                .isEqualTo("2026-01-02T03:04:05.123Z");
    }

    @Test
    void theKeptLastSignatureIsGivenOnlyForTheSameTimestampAndPartner() {
        var signing = new SidSignature("apiKey");
        var fresh = new SidSignature("apiKey");
        var first = signing.sign("2023-02-13T15:07:42.214Z", "partner");
        assertThat(signing.sign("2023-02-13T15:07:42.214Z", "partner")).isEqualTo(first);
        assertThat(signing.sign("2023-02-13T15:07:42.215Z", "partner"))
                .isEqualTo(fresh.sign("2023-02-13T15:07:42.215Z", "partner")).isNotEqualTo(first);
        assertThat(signing.sign("2023-02-13T15:07:42.215Z", "001"))
                .isEqualTo(fresh.sign("2023-02-13T15:07:42.215Z", "001"));
        assertThat(new SidSignature("other").sign("2023-02-13T15:07:42.214Z", "partner")).isNotEqualTo(first);
    }

    @Test
    void responseTimestampsFollowTheClockAcrossMilliseconds() {
        var instant = Instant.parse("2026-01-02T03:04:05.123400Z");
        assertThat(SidSignature.responseTimestamp(instant)).isEqualTo("2026-01-02T03:04:05.123Z");
        assertThat(SidSignature.responseTimestamp(instant.plusNanos(500_000))).isEqualTo("2026-01-02T03:04:05.123Z");
        assertThat(SidSignature.responseTimestamp(instant.plusMillis(1))).isEqualTo("2026-01-02T03:04:05.124Z");
        assertThat(SidSignature.responseTimestamp(instant.minusMillis(1000))).isEqualTo("2026-01-02T03:04:04.123Z");
    }

    @Test
    void freshnessAcceptsEverySdkTimestampStyleWithinTheWindow() {
        var now = Instant.parse("2024-05-01T10:20:30Z");
        var window = Duration.ofHours(24);
        for (var style : new String[] {
            "2024-05-01T10:20:30.123Z", // Node
            "2024-05-01T10:20:30.123456Z", // Java
            "2024-05-01T10:20:30.123456+00:00", // Python 3
            "2024-05-01T10:20:30.123456", // Python 2 (naive, taken as UTC)
            "2024-05-01 10:20:30 +0000", // Ruby
            "2024-05-01T12:20:30+02:00", // PHP DATE_ATOM
            "1714558830123", // Android epoch ms
            "1714558830" // epoch seconds
        }) {
            assertThat(TimestampWindow.isFresh(style, now, window)).as(style).isTrue();
        }
        assertThat(TimestampWindow.isFresh("2024-04-29T10:20:30Z", now, window)).isFalse();
        assertThat(TimestampWindow.isFresh("yesterday", now, window)).isFalse();
        assertThat(TimestampWindow.isFresh("yesterday", now, Duration.ZERO)).isTrue();
    }
}
