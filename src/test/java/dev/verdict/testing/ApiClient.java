package dev.verdict.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one HTTP client tests talk to a Verdict server with: partner requests on its public base,
 * operator requests (with the admin token) on its admin listener, answers as text or JSON. A request
 * that fails because a server process died says so, with that server's output.
 */
public final class ApiClient {
    private final HttpClient client;
    private final String publicBase;
    private final String adminBase;
    /** Why a request could not be sent when the server is gone (its output), else null. */
    private final Supplier<String> serverGone;

    public ApiClient(HttpClient client, String publicBase, String adminBase) {
        this(client, publicBase, adminBase, () -> null);
    }

    ApiClient(HttpClient client, String publicBase, String adminBase, Supplier<String> serverGone) {
        this.client = client;
        this.publicBase = publicBase;
        this.adminBase = adminBase;
        this.serverGone = serverGone;
    }

    /** A client for the server these VERDICT_* settings start, over its plain HTTP listener. */
    public static ApiClient plainHttp(Map<String, String> env) {
        return new ApiClient(HttpClient.newHttpClient(), "http://127.0.0.1:" + env.get("VERDICT_HTTP_PORT"),
                "http://127.0.0.1:" + env.get("VERDICT_ADMIN_PORT"));
    }

    public String publicBase() {
        return publicBase;
    }

    public String adminBase() {
        return adminBase;
    }

    public HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            var gone = serverGone.get();
            if (gone != null) {
                throw new AssertionError(gone, e);
            }
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs a JSON body to the public base. */
    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(publicBase + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(publicBase + path)).GET().build());
    }

    /** PUTs a zip to an upload URL (absolute: Verdict hands it out). */
    public HttpResponse<String> putZip(String uploadUrl, HttpRequest.BodyPublisher zip) {
        return send(HttpRequest.newBuilder(URI.create(uploadUrl)).header("Content-Type", "application/zip").PUT(zip).build());
    }

    /** A request to the admin listener, with the admin token. */
    public HttpResponse<String> admin(String method, String path, HttpRequest.BodyPublisher body) {
        return send(HttpRequest.newBuilder(URI.create(adminBase + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .method(method, body).build());
    }

    public HttpResponse<String> adminPost(String path, String json) {
        return admin("POST", path, HttpRequest.BodyPublishers.ofString(json));
    }

    public HttpResponse<String> adminGet(String path) {
        return admin("GET", path, HttpRequest.BodyPublishers.noBody());
    }

    /** The JSON an admin GET answers, whatever its status. */
    public JsonNode adminJson(String path) {
        return TestServer.json(adminGet(path).body());
    }
}
