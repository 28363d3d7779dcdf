package dev.verdict.http;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.LogCapture;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zips;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every answer of every listener carries {@code X-Request-Id}: the client's own when sane, else a
 * generated one; the log lines of a request carry the same id. In sandbox mode nothing is rate limited.
 */
abstract class RequestIdTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    private static final String GENERATED = "[0-9a-hjkmnp-tv-z]{" + RequestIds.GENERATED_LENGTH + "}";

    private IssuedKey partner;

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_SANDBOX_JOB_TYPES", "none");
    }

    @Override
    protected void started() {
        partner = server.createPartner("Request id partner");
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url));
    }

    private HttpRequest.Builder admin(String path) {
        return request(server.adminBase() + path).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN);
    }

    private String uploadUrl(String userId, String jobId) {
        var signature = new SidSignature(partner.apiKey()).sign(TS, Long.toString(partner.partnerId()));
        var body = """
                {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "%s",
                 "job_id": "%s", "job_type": 4}}""".formatted(partner.partnerId(), TS, signature, userId, jobId);
        var answer = server.post("/v1/upload", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer.body()).get("upload_url").asText();
    }

    @Test
    void everyKindOfAnswerCarriesARequestId() {
        var json = "application/json";
        var status = SignedRequests.jobStatus(partner, "nobody", "no-job", TS, false, false);
        var kinds = new LinkedHashMap<String, HttpRequest>();
        kinds.put("job_status (https)", request(server.httpsBase() + "/v1/job_status").header("Content-Type", json)
                .POST(HttpRequest.BodyPublishers.ofString(status)).build());
        kinds.put("job_status (http)", request(server.httpBase() + "/v1/job_status").header("Content-Type", json)
                .POST(HttpRequest.BodyPublishers.ofString(status)).build());
        kinds.put("invalid JSON", request(server.httpsBase() + "/v1/job_status").header("Content-Type", json)
                .POST(HttpRequest.BodyPublishers.ofString("{")).build());
        kinds.put("upload PUT", request(uploadUrl("rid-user", "rid-job")).PUT(HttpRequest.BodyPublishers.ofString("no zip"))
                .build());
        kinds.put("forged upload URL", request(server.httpsBase() + "/uploads/1/1/selfie.zip?expires=1&signature=x")
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build());
        kinds.put("image link", request(server.httpsBase() + "/images/1?expires=1&signature=x").GET().build());
        kinds.put("health (public)", request(server.httpsBase() + "/health").GET().build());
        kinds.put("404 (public)", request(server.httpsBase() + "/nowhere").GET().build());
        kinds.put("405 (public)", request(server.httpsBase() + "/v1/job_status").GET().build());
        kinds.put("payload too large", request(server.httpsBase() + "/v1/job_status").header("Content-Type", json)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])).build());
        kinds.put("internal API", admin("/internal/v1/jobs/0000000999").GET().build());
        kinds.put("internal API unauthorized", request(server.adminBase() + "/internal/v1/jobs/0000000999").GET().build());
        kinds.put("health (admin)", request(server.adminBase() + "/health").GET().build());
        kinds.put("404 (admin)", request(server.adminBase() + "/nowhere").GET().build());
        kinds.put("console", request(server.adminBase() + "/console/").GET().build());
        var missing = new ArrayList<String>();
        for (var kind : kinds.entrySet()) {
            var response = server.send(kind.getValue());
            var id = response.headers().firstValue(RequestIds.HEADER);
            if (id.isEmpty() || !id.get().matches(GENERATED)) {
                missing.add(kind.getKey() + " (" + response.statusCode() + "): " + id);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theFrameworksOwnErrorsCarryOneToo() throws IOException {
        for (var port : new String[] {server.env().get("VERDICT_HTTP_PORT"), server.env().get("VERDICT_ADMIN_PORT")}) {
            try (var socket = new Socket("127.0.0.1", Integer.parseInt(port))) {
                socket.getOutputStream().write("BROKEN LINE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                var head = readHead(socket.getInputStream());
                assertThat(head).startsWith("HTTP/1.1 400");
                assertThat(head).containsPattern("(?i)x-request-id: " + GENERATED + "\r\n");
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var out = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            out.append((char) c);
            if (out.length() >= 4 && out.substring(out.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return out.toString();
    }

    @Test
    void aSaneClientIdIsEchoedAnInsaneOneReplaced() {
        var sane = "client-1.2:abc_DEF-" + "x".repeat(45); // 64 characters
        assertThat(sane).hasSize(RequestIds.MAX_LENGTH);
        for (var base : new String[] {server.httpsBase(), server.adminBase()}) {
            var echoed = server.send(request(base + "/health").header(RequestIds.HEADER, sane).GET().build());
            assertThat(echoed.headers().firstValue(RequestIds.HEADER)).contains(sane);
            for (var insane : new String[] {sane + "y", "with space", "semi;colon", "quote\"", "é", "a/b"}) {
                var replaced = server.send(request(base + "/nowhere").header(RequestIds.HEADER, insane).GET().build());
                assertThat(replaced.headers().firstValue(RequestIds.HEADER)).as(insane).get(
                        org.assertj.core.api.InstanceOfAssertFactories.STRING).matches(GENERATED);
            }
        }
    }

    @Test
    void theLogLinesOfARequestCarryItsId() throws Exception {
        var url = uploadUrl("rid-log-user", "rid-log-job");
        var unusable = Zips.builder().entry("readme.txt", "no info.json in here").build();
        try (var logs = LogCapture.start("dev.verdict.http")) {
            var put = server.send(request(url).header(RequestIds.HEADER, "trace-me-42")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(unusable)).build());
            assertThat(put.headers().firstValue(RequestIds.HEADER)).contains("trace-me-42");
            var line = logs.await(e -> e.getFormattedMessage().contains("unusable"), "the upload's log line");
            assertThat(line.getMDCPropertyMap()).containsEntry(RequestIds.MDC_KEY, "trace-me-42");
            var other = server.send(request(server.httpsBase() + "/v1/job_status").header(RequestIds.HEADER, "second-7")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{")).build());
            assertThat(other.headers().firstValue(RequestIds.HEADER)).contains("second-7");
            // the id is gone once the request is answered: a line of this thread carries none
            org.slf4j.LoggerFactory.getLogger(RequestIdTests.class).info("outside any request");
            var outside = logs.await(e -> e.getFormattedMessage().equals("outside any request"), "the test's line");
            assertThat(outside.getMDCPropertyMap()).doesNotContainKey(RequestIds.MDC_KEY);
        }
    }

    @Test
    void sandboxModeLimitsNothing() {
        assertThat(server.app().config().rateLimitPartner()).isEmpty();
        assertThat(server.app().config().rateLimitAddress()).isEmpty();
        var body = SignedRequests.jobStatus(partner, "nobody", "no-job", TS, false, false);
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> answer = server.post("/v1/job_status", body);
            assertThat(answer.statusCode()).isNotEqualTo(429);
        }
    }
}
