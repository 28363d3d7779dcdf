package dev.verdict.http;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.ApiClient;
import dev.verdict.testing.Poll;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zips;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code VERDICT_LOG_FORMAT=json}: {@code verdict serve} in its own JVM (logging is set up once per
 * process) writes one JSON object per log line, and a line written while a request is handled names
 * the request's id.
 */
@StartsProcesses
class JsonLogsTest {
    private static final String TS = "2026-03-01T12:00:00.000Z";

    @Test
    void everyLogLineIsOneJsonObjectAndRequestLinesNameTheirRequest(@TempDir Path dataDir) throws Exception {
        try (var backend = TestBackend.sqlite(dataDir)) {
            var env = new HashMap<>(TestServer.env(backend, dataDir));
            env.put("VERDICT_LOG_FORMAT", "json");
            env.put("VERDICT_SANDBOX_JOB_TYPES", "none");
            // upload URLs on the plain listener, which the test's client reaches without the CA
            env.put("VERDICT_PUBLIC_URL", "http://127.0.0.1:" + env.get("VERDICT_HTTP_PORT"));
            try (var server = ServerProcess.start(env)) {
                var api = server.api();
                var credentials = server.demoCredentials();
                var uploadUrl = prepareUpload(api, credentials);
                var put = api.send(HttpRequest.newBuilder(URI.create(uploadUrl)).header(RequestIds.HEADER, "json-trace-1")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(Zips.builder().entry("readme.txt", "x").build()))
                        .build());
                assertThat(put.headers().firstValue(RequestIds.HEADER)).contains("json-trace-1");

                var line = Poll.atMost(Duration.ofSeconds(20)).until(() -> logLines(server).stream()
                        .filter(l -> l.path("mdc").path(RequestIds.MDC_KEY).asText().equals("json-trace-1"))
                        .findFirst(), () -> "a JSON line of the upload:\n" + server.output());
                assertThat(line.get("formattedMessage").asText()).contains("unusable");
                assertThat(line.get("level").asText()).isEqualTo("INFO");
                assertThat(line.get("loggerName").asText()).isEqualTo("dev.verdict.intake.UploadService");
                assertThat(line.get("timestamp").isNumber()).isTrue();
                assertThat(line.has("threadName")).isTrue();

                // everything else the process wrote is JSON log lines or what serve prints on standard output
                var started = logLines(server).stream().filter(l -> l.get("formattedMessage").asText()
                        .equals("Verdict is ready")).findFirst();
                assertThat(started).isPresent();
                assertThat(started.get().path("mdc").has(RequestIds.MDC_KEY)).isFalse();
                for (var text : server.output().lines().toList()) {
                    assertThat(text).as("a text-format log line").doesNotContainPattern(
                            "^\\d{4}-\\d\\d-\\d\\dT\\S+ (TRACE|DEBUG|INFO|WARN|ERROR) ");
                }
            }
        }
    }

    private static String prepareUpload(ApiClient api, JsonNode credentials) {
        var partnerId = credentials.get("partner_id").asText();
        var signature = new SidSignature(credentials.get("api_key").asText()).sign(TS, partnerId);
        var answer = api.post("/v1/upload", """
                {"smile_client_id": "%s", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "json-user",
                 "job_id": "json-job", "job_type": 4}}""".formatted(partnerId, TS, signature));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer.body()).get("upload_url").asText();
    }

    /** The process's output lines that are JSON log objects, parsed (each must parse). */
    private static List<JsonNode> logLines(ServerProcess server) {
        return server.output().lines().filter(l -> l.startsWith("{\"timestamp\""))
                .map(l -> Optional.of(json(l)).orElseThrow()).toList();
    }
}
