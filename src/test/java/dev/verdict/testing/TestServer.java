package dev.verdict.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.Application;
import dev.verdict.config.ConfigLoader;
import dev.verdict.operators.OperatorRole;
import dev.verdict.partners.IssuedKey;
import dev.verdict.work.Worker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Verdict server (all three listeners) on free ports, on the given database, with a
 * settable clock, and a real HTTP client that trusts the server's generated CA.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    /** A fixed master key, so the PostgreSQL backend (which needs an explicit one) works. */
    public static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Application app;
    private final Map<String, String> env;
    private final String banner;
    private final ApiClient api;

    private TestServer(Application app, Map<String, String> env, String banner, HttpClient client) {
        this.app = app;
        this.env = env;
        this.banner = banner;
        this.api = new ApiClient(client, httpsBase(), adminBase());
    }

    /** The VERDICT_* environment of a test server on this backend; ports are fresh. */
    public static Map<String, String> env(TestBackend backend, Path dataDir) {
        var env = new HashMap<String, String>();
        env.put("VERDICT_MODE", "sandbox");
        env.put("VERDICT_DATA_DIR", dataDir.toString());
        env.put("VERDICT_HTTP_PORT", Integer.toString(Ports.free()));
        var https = Ports.free();
        env.put("VERDICT_HTTPS_PORT", Integer.toString(https));
        env.put("VERDICT_ADMIN_PORT", Integer.toString(Ports.free()));
        env.put("VERDICT_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("VERDICT_MASTER_KEY", MASTER_KEY);
        env.put("VERDICT_HTTP_HOST", "127.0.0.1");
        env.put("VERDICT_PUBLIC_URL", "https://127.0.0.1:" + https);
        env.putAll(backend.env());
        return env;
    }

    public static TestServer start(Map<String, String> env, SettableClock clock) throws Exception {
        var config = ConfigLoader.load(env);
        var out = new ByteArrayOutputStream();
        var app = Application.start(config, clock, new PrintStream(out, true, StandardCharsets.UTF_8));
        var builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (app.generatedCa().isPresent()) {
            builder.sslContext(trusting(app.generatedCa().get()));
        }
        return new TestServer(app, env, out.toString(StandardCharsets.UTF_8), builder.build());
    }

    /** An SSL context that trusts exactly the given CA certificate. */
    public static SSLContext trusting(Path caPem) throws Exception {
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("verdict-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    public Application app() {
        return app;
    }

    public Map<String, String> env() {
        return env;
    }

    public String banner() {
        return banner;
    }

    /** The engine's workers: {@code runOnce()} handles whatever is ready now and says how much that was. */
    public Worker<?> engineWorker() {
        return app.engineWorker();
    }

    /** The callback workers: {@code runOnce()} delivers whatever is due now and says how much that was. */
    public Worker<?> callbackWorker() {
        return app.callbackWorker();
    }

    public Path caPath() {
        return app.generatedCa().orElseThrow();
    }

    public String httpBase() {
        return "http://127.0.0.1:" + env.get("VERDICT_HTTP_PORT");
    }

    public String httpsBase() {
        return "https://127.0.0.1:" + env.get("VERDICT_HTTPS_PORT");
    }

    public String adminBase() {
        return "http://127.0.0.1:" + env.get("VERDICT_ADMIN_PORT");
    }

    public IssuedKey createPartner(String name) {
        return app.services().partners().create(name);
    }

    /** The operators review tests act as: reviewers alice and bob, admin root, and mallory, a disabled reviewer. */
    public void createReviewOperators() {
        var operators = app.services().operators();
        operators.create("alice", OperatorRole.REVIEWER);
        operators.create("bob", OperatorRole.REVIEWER);
        operators.create("root", OperatorRole.ADMIN);
        operators.create("mallory", OperatorRole.REVIEWER);
        operators.disable("mallory");
    }

    /** The client the helpers below use: partner calls on the HTTPS listener (trusting the CA), admin calls. */
    public ApiClient api() {
        return api;
    }

    public HttpResponse<String> send(HttpRequest request) {
        return api.send(request);
    }

    public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        return api.sendForBytes(request);
    }

    /** POSTs a body to the public HTTPS listener. */
    public HttpResponse<String> post(String path, String body) {
        return api.post(path, body);
    }

    public HttpResponse<String> admin(String method, String path, HttpRequest.BodyPublisher body) {
        return api.admin(method, path, body);
    }

    public HttpResponse<String> adminPost(String path, String json) {
        return api.adminPost(path, json);
    }

    /** Creates a job through the internal API and returns its smile_job_id. */
    public String createJob(long partnerId, String userId, String jobId, int jobType, String state) {
        var response = adminPost("/internal/v1/jobs", """
                {"partner_id": "%d", "user_id": "%s", "job_id": "%s", "job_type": %d, "state": "%s",
                 "partner_params": {"optional_info": "kept as sent"}}"""
                .formatted(partnerId, userId, jobId, jobType, state));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create job failed: " + response.statusCode() + " " + response.body());
        }
        return json(response.body()).get("smile_job_id").asText();
    }

    /** Records a result through the internal API (the next seq is computed by the caller). */
    public JsonNode recordResult(String smileJobId, int seq, String code, String extraFields) {
        var response = adminPost("/internal/v1/jobs/" + smileJobId + "/results",
                "{\"seq\": %d, \"ResultCode\": \"%s\"%s}".formatted(seq, code,
                        extraFields.isEmpty() ? "" : ", " + extraFields));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("record result failed: " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    public String putImage(String smileJobId, String kind, byte[] bytes) {
        var response = admin("PUT", "/internal/v1/jobs/" + smileJobId + "/images/" + kind,
                HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("image upload failed: " + response.statusCode() + " " + response.body());
        }
        return json(response.body()).get("id").asText();
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
