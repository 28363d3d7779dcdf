package dev.verdict.http;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The address limit: 5 requests a minute, burst 5, counted on both public listeners before anything is
 * read (upload PUTs, image links and unknown paths too); the health check and the admin listener
 * (internal API, console) are exempt.
 */
abstract class RateLimitAddressTests extends ServerTestBase {
    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_SANDBOX_JOB_TYPES", "none");
        env.put("VERDICT_RATE_LIMIT_ADDRESS", "5/m,5");
    }

    @BeforeEach
    void fillEveryBucket() {
        clock.advance(Duration.ofHours(1));
    }

    private HttpResponse<String> get(String url) {
        return server.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private HttpResponse<String> forgedUpload() {
        return server.send(HttpRequest.newBuilder(URI.create(server.httpsBase() + "/uploads/1/1/selfie.zip?expires=1&signature=x"))
                .PUT(HttpRequest.BodyPublishers.ofString("zip")).build());
    }

    @Test
    void everyKindOfRequestCountsAndTheSixthIsRefused() {
        assertThat(get(server.httpsBase() + "/nowhere").statusCode()).isEqualTo(404);
        assertThat(get(server.httpBase() + "/nowhere").statusCode()).isEqualTo(404);
        assertThat(forgedUpload().statusCode()).isEqualTo(403);
        assertThat(get(server.httpsBase() + "/images/1?expires=1&signature=x").statusCode()).isEqualTo(403);
        assertThat(server.post("/v1/job_status", "{}").statusCode()).isNotEqualTo(429);

        var refused = get(server.httpsBase() + "/nowhere");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused.body()).get("code").asText()).isEqualTo("rate_limited");
        assertThat(json(refused.body()).get("error").asText()).contains("this address");
        assertThat(refused.headers().firstValue("RateLimit-Policy")).contains("\"address\";q=5;w=60");
        assertThat(refused.headers().firstValue("RateLimit")).contains("\"address\";r=0;t=60");
        assertThat(refused.headers().firstValue("Retry-After")).contains("12");
        assertThat(refused.headers().firstValue(RequestIds.HEADER)).isPresent();
        // a v1 endpoint is refused before its body is read, the same way
        assertThat(server.post("/v1/job_status", "{}").statusCode()).isEqualTo(429);

        // the load balancer's health check and the admin listener are never limited
        assertThat(get(server.httpsBase() + "/health").statusCode()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            assertThat(get(server.adminBase() + "/health").statusCode()).isEqualTo(200);
            assertThat(server.admin("GET", "/internal/v1/jobs/0000000999", HttpRequest.BodyPublishers.noBody())
                    .statusCode()).isNotEqualTo(429);
            assertThat(get(server.adminBase() + "/console/").statusCode()).isNotEqualTo(429);
        }

        clock.advance(Duration.ofSeconds(12));
        assertThat(get(server.httpsBase() + "/nowhere").statusCode()).isEqualTo(404);
        assertThat(get(server.httpsBase() + "/nowhere").statusCode()).isEqualTo(429);
    }

    @Test
    void uploadPutsCount() {
        for (int i = 0; i < 5; i++) {
            assertThat(forgedUpload().statusCode()).isEqualTo(403);
        }
        var refused = forgedUpload();
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("12");
        assertThat(TestServer.json(refused.body()).get("code").asText()).isEqualTo("rate_limited");
    }
}
