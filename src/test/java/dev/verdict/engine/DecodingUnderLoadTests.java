package dev.verdict.engine;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zips;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load must never change a verdict: selfies that are tiny files but large rasters (16-bit RGBA, 8
 * bytes a pixel) are judged by a server process with a small heap ({@value #HEAP}) and
 * {@value #WORKERS} engine workers, first one alone, then {@value #WORKERS} at once. Each full decode
 * fits the heap alone but not together: unbounded, concurrent decodes run out of memory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DecodingUnderLoadTests {
    static final String HEAP = "-Xmx128m";
    static final int WORKERS = 4;
    /** 2800 x 2800 at 8 bytes a pixel: about 63 MB decoded, from a file of a few kilobytes. */
    private static final byte[] LARGE_SELFIE = Images.png16(2800, 2800);
    private static final String TS = "2026-03-01T12:00:00.000Z";

    TestBackend backend;
    ServerProcess server;
    String base;
    String partnerId;
    String apiKey;
    final HttpClient client = HttpClient.newHttpClient();

    abstract TestBackend backend(Path dataDir);

    @BeforeAll
    void startServerProcess(@TempDir Path dataDir) throws Exception {
        backend = backend(dataDir);
        var env = new HashMap<>(TestServer.env(backend, dataDir));
        env.put("VERDICT_ENGINE_WORKERS", Integer.toString(WORKERS));
        base = "http://127.0.0.1:" + env.get("VERDICT_HTTP_PORT");
        server = ServerProcess.start(env, HEAP);
        var credentials = server.demoCredentials();
        partnerId = credentials.get("partner_id").asText();
        apiKey = credentials.get("api_key").asText();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (!server.alive()) {
                throw new AssertionError("server exited:\n" + server.output(), e);
            }
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String signature() {
        return new SidSignature(apiKey).sign(TS, partnerId);
    }

    /** Prep-uploads a registration (job type 4) and returns its upload URL on the plain HTTP listener. */
    private String prepare(String userId, String jobId) {
        var body = """
                {"smile_client_id": "%s", "timestamp": "%s", "signature": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 4}}"""
                .formatted(partnerId, TS, signature(), userId, jobId);
        var response = send(HttpRequest.newBuilder(URI.create(base + "/v1/upload"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var url = json(response.body()).get("upload_url").asText();
        return base + url.substring(url.indexOf("/uploads/"));
    }

    private void upload(String url, byte[] zip) {
        var response = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private JsonNode status(String userId, String jobId) {
        var body = """
                {"partner_id": "%s", "user_id": "%s", "job_id": "%s", "timestamp": "%s", "signature": "%s"}"""
                .formatted(partnerId, userId, jobId, TS, signature());
        return json(send(HttpRequest.newBuilder(URI.create(base + "/v1/job_status"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).body());
    }

    /** The final result code of a job, waiting (at most two minutes) while the server is alive. */
    private String finalCode(String userId, String jobId) throws InterruptedException {
        var deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.alive()).as("server exited:\n" + server.output()).isTrue();
            var status = status(userId, jobId);
            if (status.path("job_complete").asBoolean(false)) {
                return status.get("result").get("ResultCode").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no final result for " + jobId + ":\n" + server.output());
    }

    @Test
    void largeRastersGetTheSameVerdictTogetherAsAlone() throws Exception {
        var alone = "alone-" + UUID.randomUUID();
        upload(prepare(alone, alone), Zips.java(alone, alone, 4, LARGE_SELFIE));
        var verdictAlone = finalCode(alone, alone);
        assertThat(verdictAlone).as("a usable selfie is approved").isEqualTo("0840");

        var users = new ArrayList<String>();
        var urls = new ArrayList<String>();
        for (int i = 0; i < WORKERS; i++) {
            var user = "together-" + i + "-" + UUID.randomUUID();
            users.add(user);
            urls.add(prepare(user, user));
        }
        for (int i = 0; i < WORKERS; i++) {
            upload(urls.get(i), Zips.java(users.get(i), users.get(i), 4, LARGE_SELFIE));
        }
        for (var user : users) { // each user's job has the user's name as its job_id
            assertThat(finalCode(user, user)).as(user).isEqualTo(verdictAlone);
        }
        assertThat(server.alive()).isTrue();
        assertThat(server.output()).doesNotContain("OutOfMemoryError");
    }
}
