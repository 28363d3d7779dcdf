package dev.verdict.testing;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.signing.SidSignature;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The demo partner of a {@link ServerProcess}, calling it over its plain HTTP listener: the upload URLs
 * Verdict hands out are on the public (HTTPS) base, and the plain listener serves the same paths.
 * A request that fails because the server died says so, with the server's output.
 */
public final class ProcessPartner {
    public static final String TS = "2026-03-01T12:00:00.000Z";

    private final ApiClient api;
    private final String partnerId;
    private final String signature;

    private ProcessPartner(ApiClient api, String partnerId, String apiKey) {
        this.api = api;
        this.partnerId = partnerId;
        this.signature = new SidSignature(apiKey).sign(TS, partnerId);
    }

    /** The partner whose credentials the server printed at its first start. */
    public static ProcessPartner demo(ServerProcess server) throws InterruptedException {
        var credentials = server.demoCredentials();
        return new ProcessPartner(server.api(), credentials.get("partner_id").asText(), credentials.get("api_key").asText());
    }

    public HttpResponse<String> send(HttpRequest request) {
        return api.send(request);
    }

    public HttpResponse<String> get(String path) {
        return api.get(path);
    }

    /** Prep-uploads a job and returns its upload URL, moved to the plain listener. */
    public String prepareUpload(String userId, String jobId, int jobType) {
        var body = """
                {"smile_client_id": "%s", "timestamp": "%s", "signature": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": %d}}"""
                .formatted(partnerId, TS, signature, userId, jobId, jobType);
        var response = api.post("/v1/upload", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var url = json(response.body()).get("upload_url").asText();
        return api.publicBase() + url.substring(url.indexOf("/uploads/"));
    }

    public HttpResponse<String> put(String uploadUrl, HttpRequest.BodyPublisher zip) {
        return api.putZip(uploadUrl, zip);
    }

    public JsonNode jobStatus(String userId, String jobId) {
        var body = """
                {"partner_id": "%s", "user_id": "%s", "job_id": "%s", "timestamp": "%s", "signature": "%s"}"""
                .formatted(partnerId, userId, jobId, TS, signature);
        return json(api.post("/v1/job_status", body).body());
    }
}
