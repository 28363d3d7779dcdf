package dev.verdict.http;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.partners.IssuedKey;
import dev.verdict.testing.LogCapture;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.SignedRequests;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The partner limit: 3 requests a minute, burst 3, on the server's (settable) clock. Charged only once a
 * signature verified; over it, 429 with the IETF RateLimit headers and Retry-After.
 */
abstract class RateLimitPartnerTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";

    private IssuedKey partner;
    private IssuedKey other;

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_SANDBOX_JOB_TYPES", "none");
        env.put("VERDICT_RATE_LIMIT_PARTNER", "3/m");
    }

    @Override
    protected void started() {
        partner = server.createPartner("Limited partner");
        other = server.createPartner("Other partner");
    }

    @BeforeEach
    void fillEveryBucket() {
        clock.advance(Duration.ofHours(1));
    }

    private HttpResponse<String> status(IssuedKey key) {
        return server.post("/v1/job_status", SignedRequests.jobStatus(key, "nobody", "no-job", TS, false, false));
    }

    @Test
    void overItsBurstAPartnerIsAnswered429UntilATokenRefills() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(status(partner).statusCode()).isNotEqualTo(429);
        }
        HttpResponse<String> refused;
        try (var logs = LogCapture.start("dev.verdict.http")) {
            refused = status(partner);
            assertThat(refused.statusCode()).isEqualTo(429);
            var id = refused.headers().firstValue(RequestIds.HEADER).orElseThrow();
            var line = logs.await(e -> e.getFormattedMessage().contains("Too many requests"), "the refusal's log line");
            assertThat(line.getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, id);
        }
        var body = json(refused.body());
        assertThat(body.get("code").asText()).isEqualTo("rate_limited");
        assertThat(body.get("error").asText()).contains("this partner");
        assertThat(refused.headers().firstValue("RateLimit-Policy")).contains("\"partner\";q=3;w=60");
        assertThat(refused.headers().firstValue("RateLimit")).contains("\"partner\";r=0;t=60");
        assertThat(refused.headers().firstValue("Retry-After")).contains("20");

        // another partner has its own bucket
        assertThat(status(other).statusCode()).isNotEqualTo(429);

        clock.advance(Duration.ofSeconds(19));
        assertThat(status(partner).statusCode()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(1));
        assertThat(status(partner).statusCode()).isNotEqualTo(429);
        assertThat(status(partner).statusCode()).isEqualTo(429);
    }

    @Test
    void requestsThatFailToAuthenticateSpendNothing() {
        var forged = SignedRequests.jobStatus(Long.toString(partner.partnerId()), "not-the-key", "nobody", "no-job", TS,
                false, false);
        for (int i = 0; i < 10; i++) {
            var answer = server.post("/v1/job_status", forged);
            assertThat(json(answer.body()).get("code").asText()).isEqualTo("2305");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(status(partner).statusCode()).isNotEqualTo(429);
        }
        assertThat(status(partner).statusCode()).isEqualTo(429);
    }

    @Test
    void everySignedFamilyDrawsOnTheSameBucket() {
        var signature = new dev.verdict.signing.SidSignature(partner.apiKey()).sign(TS, Long.toString(partner.partnerId()));
        var upload = """
                {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "u-%s",
                 "job_id": "j-%s", "job_type": 4}}""";
        for (int i = 0; i < 3; i++) {
            var answer = server.post("/v1/upload", upload.formatted(partner.partnerId(), TS, signature, i, i));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        var refused = server.post("/v1/upload", upload.formatted(partner.partnerId(), TS, signature, 9, 9));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused.body()).get("code").asText()).isEqualTo("rate_limited");
        assertThat(status(partner).statusCode()).isEqualTo(429);
    }
}
