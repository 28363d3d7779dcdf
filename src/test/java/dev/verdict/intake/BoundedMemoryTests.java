package dev.verdict.intake;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zeros;
import dev.verdict.testing.Zips;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus against a server process with a small heap ({@value #HEAP}): a multi-GiB zip
 * bomb, tens of thousands of entries and a streamed upload far over the cap must leave it healthy.
 * An unbounded read anywhere on the path would end in OutOfMemoryError.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BoundedMemoryTests {
    static final String HEAP = "-Xmx64m";
    private static final String TS = "2026-03-01T12:00:00.000Z";
    private static final Path BOMB = Path.of("target/test-fixtures/bomb-2gib.zip");

    Path dataDir;
    TestBackend backend;
    ServerProcess server;
    String base;
    String partnerId;
    String apiKey;
    final HttpClient client = HttpClient.newHttpClient();

    abstract TestBackend backend(Path dataDir);

    @BeforeAll
    void startServerProcess(@TempDir Path dir) throws Exception {
        dataDir = dir;
        backend = backend(dataDir);
        var env = TestServer.env(backend, dataDir);
        base = "http://127.0.0.1:" + env.get("VERDICT_HTTP_PORT");
        server = ServerProcess.start(env, HEAP);
        var credentials = server.demoCredentials();
        partnerId = credentials.get("partner_id").asText();
        apiKey = credentials.get("api_key").asText();
        createBombOnce();
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

    /** 2 GiB of zeros deflated to about 2 MiB, built once per checkout. */
    private static void createBombOnce() throws IOException {
        if (Files.exists(BOMB)) {
            return;
        }
        Files.createDirectories(BOMB.getParent());
        var tmp = BOMB.resolveSibling("bomb.tmp");
        try (var zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            zip.putNextEntry(new ZipEntry("info.json"));
            zip.write(Zips.infoWithSelfie("selfie.jpg").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("selfie.jpg"));
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 2048; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        Files.move(tmp, BOMB);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String signature() {
        return new SidSignature(apiKey).sign(TS, partnerId);
    }

    private JsonNode prepare(String userId, String jobId) {
        var body = """
                {"smile_client_id": "%s", "timestamp": "%s", "signature": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 4}}"""
                .formatted(partnerId, TS, signature(), userId, jobId);
        var response = send(HttpRequest.newBuilder(URI.create(base + "/v1/upload"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // the public URL is HTTPS; this test talks plain HTTP to the same server
        var url = json(response.body()).get("upload_url").asText();
        return json("{\"url\": \"" + base + url.substring(url.indexOf("/uploads/")) + "\"}");
    }

    private HttpResponse<String> put(String url, HttpRequest.BodyPublisher body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/zip").PUT(body).build());
    }

    private JsonNode status(String userId, String jobId) {
        var body = """
                {"partner_id": "%s", "user_id": "%s", "job_id": "%s", "timestamp": "%s", "signature": "%s"}"""
                .formatted(partnerId, userId, jobId, TS, signature());
        return json(send(HttpRequest.newBuilder(URI.create(base + "/v1/job_status"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).body());
    }

    @Test
    void theHostileCorpusLeavesASmallHeapServerHealthy() throws Exception {
        var user = "bounded-" + UUID.randomUUID();

        var bombJob = "bomb";
        assertThat(put(prepare(user, bombJob).get("url").asText(), HttpRequest.BodyPublishers.ofFile(BOMB)).statusCode())
                .isEqualTo(200);
        assertThat(status(user, bombJob).get("result").get("ResultCode").asText()).isEqualTo("0903");

        var manyJob = "many-entries";
        var many = Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg"));
        for (int i = 0; i < 40_000; i++) {
            many.entry("junk/" + i, new byte[0]);
        }
        assertThat(put(prepare(user, manyJob).get("url").asText(), HttpRequest.BodyPublishers.ofByteArray(many.build()))
                .statusCode()).isEqualTo(200);
        assertThat(status(user, manyJob).get("result").get("ResultCode").asText()).isEqualTo("0903");

        var hugeJob = "huge-stream";
        var hugeUrl = prepare(user, hugeJob).get("url").asText();
        var huge = put(hugeUrl, HttpRequest.BodyPublishers.ofInputStream(() -> Zeros.of(512L * 1024 * 1024)));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(status(user, hugeJob).get("code").asText()).isEqualTo("2314");

        // still healthy, and the same URL still takes a good zip
        assertThat(server.alive()).as(server.output()).isTrue();
        var health = send(HttpRequest.newBuilder(URI.create(base + "/health")).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        var good = Zips.java(user, hugeJob, 4, Images.jpeg(64, 64));
        assertThat(put(hugeUrl, HttpRequest.BodyPublishers.ofByteArray(good)).statusCode()).isEqualTo(200);
        assertThat(status(user, hugeJob).get("code").asText()).isEqualTo("2302");
        assertThat(server.output()).doesNotContain("OutOfMemoryError");
    }
}
