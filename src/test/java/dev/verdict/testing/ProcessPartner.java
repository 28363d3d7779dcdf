package dev.verdict.testing;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.signing.SidSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The demo partner of a {@link ServerProcess}, calling it over its plain HTTP listener: the upload URLs
 * Verdict hands out are on the public (HTTPS) base, and the plain listener serves the same paths.
 * A request that fails because the server died says so, with the server's output.
 */
public final class ProcessPartner {
    public static final String TS = "2026-03-01T12:00:00.000Z";

    private final ServerProcess server;
    private final String base;
    private final String partnerId;
    private final String signature;
    private final HttpClient client = HttpClient.newHttpClient();

    private ProcessPartner(ServerProcess server, String base, String partnerId, String apiKey) {
        this.server = server;
        this.base = base;
        this.partnerId = partnerId;
        this.signature = new SidSignature(apiKey).sign(TS, partnerId);
    }

    /** The partner whose credentials the server printed at its first start; {@code base} is its plain HTTP URL. */
    public static ProcessPartner demo(ServerProcess server, String base) throws InterruptedException {
        var credentials = server.demoCredentials();
        return new ProcessPartner(server, base, credentials.get("partner_id").asText(), credentials.get("api_key").asText());
    }

    public HttpResponse<String> send(HttpRequest request) {
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

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** Prep-uploads a job and returns its upload URL, moved to the plain listener. */
    public String prepareUpload(String userId, String jobId, int jobType) {
        var body = """
                {"smile_client_id": "%s", "timestamp": "%s", "signature": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": %d}}"""
                .formatted(partnerId, TS, signature, userId, jobId, jobType);
        var response = send(HttpRequest.newBuilder(URI.create(base + "/v1/upload"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var url = json(response.body()).get("upload_url").asText();
        return base + url.substring(url.indexOf("/uploads/"));
    }

    public HttpResponse<String> put(String uploadUrl, HttpRequest.BodyPublisher zip) {
        return send(HttpRequest.newBuilder(URI.create(uploadUrl)).header("Content-Type", "application/zip").PUT(zip).build());
    }

    public JsonNode jobStatus(String userId, String jobId) {
        var body = """
                {"partner_id": "%s", "user_id": "%s", "job_id": "%s", "timestamp": "%s", "signature": "%s"}"""
                .formatted(partnerId, userId, jobId, TS, signature);
        return json(send(HttpRequest.newBuilder(URI.create(base + "/v1/job_status"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).body());
    }
}
