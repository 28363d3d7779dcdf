package dev.verdict.openapi;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.OpenApi;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.Zips;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * src/main/resources/openapi/v1.yaml against a real server: every documented path is served and every
 * served public route documented; real answers — every endpoint's success and every v1 code a test can
 * reach — validate against the documented response schemas; and, last, every documented response was
 * met (but the few listed in {@link #UNREACHABLE}, with the reason).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class V1OpenApiTest extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    /** Documented answers no test here can provoke on a healthy server, and why. */
    private static final Map<String, String> UNREACHABLE = Map.of(
            "GET /health 503", "the database would have to be down",
            "GET /images/{id} 404", "a valid link to an image that retention removed",
            "PUT /uploads/{smile_job_id}/{generation}/selfie.zip 404", "a valid upload URL whose job is gone");

    private final OpenApi api = OpenApi.load("/openapi/v1.yaml");
    private IssuedKey partner;

    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_ENGINE_POLL", "10m");
        env.put("VERDICT_UPLOAD_MAX_BYTES", "262144"); // a zip over it is a 413 this test can send
    }

    @Override
    protected void started() {
        partner = server.createPartner("OpenAPI partner");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private String signature() {
        return new SidSignature(partner.apiKey()).sign(TS, Long.toString(partner.partnerId()));
    }

    /** POSTs to the public listener and checks the answer against the document. */
    private HttpResponse<String> post(String path, String body) {
        var response = server.post(path, body);
        api.check(path, "POST", response);
        return response;
    }

    private String code(HttpResponse<String> response) {
        return json(response.body()).path("code").asText();
    }

    private HttpResponse<String> status(String user, String jobId, boolean links, boolean history) {
        return post("/v1/job_status", SignedRequests.jobStatus(partner, user, jobId, TS, links, history));
    }

    private String uploadBody(String user, String jobId, int jobType, String extra) {
        return """
                {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "%s",
                 "job_id": "%s", "job_type": %d}%s}""".formatted(partner.partnerId(), TS, signature(), user, jobId,
                jobType, extra);
    }

    private HttpResponse<String> put(String uploadUrl, byte[] zip) {
        var response = server.send(HttpRequest.newBuilder(URI.create(uploadUrl))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
        api.check("/uploads/{smile_job_id}/{generation}/selfie.zip", "PUT", response);
        return response;
    }

    private String idBody(String path, int jobType, String user, String jobId, String country, String idType,
            String number) {
        return """
                {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "country": "%s", "id_type": "%s",
                 "id_number": "%s", "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": %d}}"""
                .formatted(partner.partnerId(), TS, signature(), country, idType, number, user, jobId, jobType);
    }

    @Test
    @Order(1)
    void everyServedRouteIsDocumentedAndEveryDocumentedPathServed() {
        var served = new TreeSet<String>();
        for (var route : server.app().routes().get("public")) {
            served.add(route.method() + " " + route.path().replace("/v1//", "/v1/"));
        }
        assertThat(api.operations()).isEqualTo(served);
    }

    @Test
    @Order(2)
    void jobStatusAnswersMatchTheDocument() throws Exception {
        var user = unique("user");
        var jobId = unique("job");
        var upload = post("/v1/upload", uploadBody(user, jobId, 4, ""));
        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(code(status(user, jobId, false, false))).isEqualTo("2314");
        put(json(upload.body()).get("upload_url").asText(), Zips.java(user, jobId, 4, Images.jpeg(120, 160)));
        server.engineWorker().runOnce();
        eventually(() -> json(server.post("/v1/job_status", SignedRequests.jobStatus(partner, user, jobId, TS, false,
                false)).body()).path("job_complete").asBoolean(), "the job's result");
        var full = status(user, jobId, true, true);
        assertThat(json(full.body()).get("image_links").has("selfie_image")).isTrue();
        assertThat(json(full.body()).get("history").size()).isPositive();
        // a job without images: image_links says so
        var bare = unique("job");
        server.createJob(partner.partnerId(), user, bare, 5, "RECEIVED");
        assertThat(json(status(user, bare, true, false).body()).get("image_links").get("error").asText())
                .isEqualTo("No images found");

        // the image link
        var link = json(full.body()).get("image_links").get("selfie_image").asText();
        var image = server.sendForBytes(HttpRequest.newBuilder(URI.create(link)).GET().build());
        api.check("/images/{id}", "GET", image.statusCode(), image.headers().firstValue("content-type").orElse(""), null);
        var tampered = server.send(HttpRequest.newBuilder(URI.create(link.replace("signature=", "signature=x"))).GET()
                .build());
        api.check("/images/{id}", "GET", tampered);
        assertThat(code(tampered)).isEqualTo("link_invalid");

        // every refusal
        assertThat(code(post("/v1/job_status", "[1]"))).isEqualTo("2303");
        assertThat(code(post("/v1/job_status", "{\"partner_id\": \"1\"}"))).isEqualTo("2313");
        assertThat(code(post("/v1/job_status", SignedRequests.jobStatus(Long.toString(partner.partnerId()),
                "not-the-key", user, jobId, TS, false, false)))).isEqualTo("2305");
        assertThat(code(status(unique("nobody"), jobId, false, false))).isEqualTo("2310");
        assertThat(code(status(user, unique("no-such-job"), false, false))).isEqualTo("2304");
        var disabled = unique("disabled");
        server.createJob(partner.partnerId(), disabled, unique("job"), 5, "RECEIVED");
        server.app().services().users().disable(partner.partnerId(), disabled);
        assertThat(code(status(disabled, jobId, false, false))).isEqualTo("2307");
        var tooLarge = post("/v1/job_status", "{\"pad\": \"" + "x".repeat(70_000) + "\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
    }

    @Test
    @Order(3)
    void uploadAnswersMatchTheDocument() throws Exception {
        var user = unique("user");
        var jobId = unique("job");
        var first = post("/v1/upload", uploadBody(user, jobId, 1, ", \"country\": \"NG\", \"id_type\": \"BVN\","
                + " \"id_number\": \"12345678901\""));
        // a retry supersedes the first URL; an altered URL is invalid; a late one expired; a body not a zip
        var retry = post("/v1/upload", uploadBody(user, jobId, 1, ", \"retry\": true"));
        var firstUrl = json(first.body()).get("upload_url").asText();
        var url = json(retry.body()).get("upload_url").asText();
        assertThat(code(put(firstUrl, Zips.java(user, jobId, 1, Images.jpeg(120, 160))))).isEqualTo("upload_url_superseded");
        assertThat(code(put(url.replace("signature=", "signature=x"), new byte[] {1}))).isEqualTo("upload_url_invalid");
        assertThat(code(put(url, "not a zip".getBytes()))).isEqualTo("not_a_zip");
        var huge = new byte[300_000];
        huge[0] = 'P';
        huge[1] = 'K';
        huge[2] = 3;
        huge[3] = 4;
        assertThat(put(url, huge).statusCode()).isEqualTo(413);
        clock.advance(Duration.ofMinutes(16));
        assertThat(code(put(url, Zips.java(user, jobId, 1, Images.jpeg(120, 160))))).isEqualTo("upload_url_expired");

        assertThat(code(post("/v1/upload", "[]"))).isEqualTo("2203");
        assertThat(code(post("/v1/upload", "{\"timestamp\": \"" + TS + "\"}"))).isEqualTo("2213");
        assertThat(code(post("/v1/upload", uploadBody(user, unique("job"), 1, "").replace(signature(), "bad"))))
                .isEqualTo("2205");
        assertThat(code(post("/v1/upload", uploadBody(user, unique("job"), 3, "")))).isEqualTo("2212");
        assertThat(code(post("/v1/upload", uploadBody("u".repeat(300), unique("job"), 1, "")))).isEqualTo("2204");
        assertThat(code(post("/v1/upload", uploadBody(user, jobId, 1, "")))).isEqualTo("2215");
        assertThat(code(post("/v1/upload", uploadBody(unique("stranger"), unique("job"), 2, "")))).isEqualTo("2210");
        var disabled = unique("disabled");
        server.createJob(partner.partnerId(), disabled, unique("job"), 5, "RECEIVED");
        server.app().services().users().disable(partner.partnerId(), disabled);
        assertThat(code(post("/v1/upload", uploadBody(disabled, unique("job"), 1, "")))).isEqualTo("2207");
        var enrolled = unique("enrolled");
        var enrolledJob = unique("job");
        var enrol = post("/v1/upload", uploadBody(enrolled, enrolledJob, 4, ""));
        put(json(enrol.body()).get("upload_url").asText(), Zips.java(enrolled, enrolledJob, 4, Images.jpeg(120, 160)));
        server.engineWorker().runOnce();
        eventually(() -> server.app().services().users().enrolledSelfie(partner.partnerId(), enrolled).isPresent(),
                "the enrolment");
        assertThat(code(post("/v1/upload", uploadBody(enrolled, unique("job"), 4, "")))).isEqualTo("2209");
        var tooLarge = post("/v1/upload", "{\"pad\": \"" + "x".repeat(1_100_000) + "\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
    }

    @Test
    @Order(4)
    void idApiAnswersMatchTheDocument() {
        var user = unique("user");
        for (var number : new String[] {"12345678901", "12345670000", "12345679999", "123"}) {
            var ok = post("/v1/id_verification", idBody("/v1/id_verification", 5, user, unique("job"), "NG", "BVN", number));
            assertThat(ok.statusCode()).isEqualTo(200);
        }
        assertThat(post("/v1/async_id_verification", idBody("", 5, user, unique("job"), "NG", "BVN", "12345678901"))
                .statusCode()).isEqualTo(200);
        assertThat(post("/v1/business_verification", idBody("", 7, user, unique("job"), "NG", "BUSINESS_REGISTRATION",
                "RC123456")).statusCode()).isEqualTo(200);
        assertThat(post("/v1/business_verification", idBody("", 7, user, unique("job"), "NG", "BUSINESS_REGISTRATION",
                "RC120000")).statusCode()).isEqualTo(200);
        assertThat(post("/v1/async_business_verification", idBody("", 7, user, unique("job"), "NG",
                "BUSINESS_REGISTRATION", "RC123456")).statusCode()).isEqualTo(200);
        for (var path : new String[] {"/v1/id_verification", "/v1/async_id_verification", "/v1/business_verification",
            "/v1/async_business_verification"}) {
            var type = path.contains("business") ? 7 : 5;
            assertThat(code(post(path, "[]"))).isEqualTo("2413");
            assertThat(code(post(path, idBody(path, type, user, unique("job"), "NG", "BVN", "1").replace(signature(),
                    "bad")))).isEqualTo("2405");
            assertThat(code(post(path, idBody(path, 4, user, unique("job"), "NG", "BVN", "1")))).isEqualTo("2212");
            var jobId = unique("job");
            post(path, idBody(path, type, user, jobId, "NG", type == 7 ? "BUSINESS_REGISTRATION" : "BVN",
                    type == 7 ? "RC123456" : "12345678901"));
            assertThat(code(post(path, idBody(path, type, user, jobId, "NG", "BVN", "12345678901")))).isEqualTo("2215");
        }
    }

    @Test
    @Order(5)
    void amlTokenAndServicesAnswersMatchTheDocument() {
        var aml = """
                {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "user_id": "%s", "job_id": "%s",
                 "job_type": 10, "full_name": "%s", "countries": ["NG"]}""";
        var found = post("/v1/aml", aml.formatted(partner.partnerId(), TS, signature(), unique("u"), unique("j"),
                "Ada Listed Okafor"));
        assertThat(json(found.body()).get("ResultCode").asText()).isEqualTo("1030");
        var notFound = post("/v1/aml", aml.formatted(partner.partnerId(), TS, signature(), unique("u"), unique("j"),
                "Ada Okafor"));
        assertThat(json(notFound.body()).get("ResultCode").asText()).isEqualTo("1031");
        assertThat(code(post("/v1/aml", "[]"))).isEqualTo("2413");
        assertThat(code(post("/v1/aml", aml.formatted(partner.partnerId(), TS, "bad", unique("u"), unique("j"), "A B"))))
                .isEqualTo("2405");
        assertThat(code(post("/v1/aml", aml.formatted(partner.partnerId(), TS, signature(), unique("u"), unique("j"),
                "A B").replace("\"job_type\": 10", "\"job_type\": 5")))).isEqualTo("2212");
        var jobId = unique("j");
        post("/v1/aml", aml.formatted(partner.partnerId(), TS, signature(), "u-aml", jobId, "A B"));
        assertThat(code(post("/v1/aml", aml.formatted(partner.partnerId(), TS, signature(), "u-aml", jobId, "A B"))))
                .isEqualTo("2215");

        var token = """
                {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "user_id": "%s", "job_id": "%s",
                 "product": "%s", "callback_url": "https://partner.example/cb"}""";
        assertThat(post("/v1/token", token.formatted(partner.partnerId(), TS, signature(), "u", "j", "biometric_kyc"))
                .statusCode()).isEqualTo(200);
        assertThat(code(post("/v1/token", "[]"))).isEqualTo("2203");
        assertThat(code(post("/v1/token", "{\"partner_id\": \"1\"}"))).isEqualTo("2213");
        assertThat(code(post("/v1/token", token.formatted(partner.partnerId(), TS, "bad", "u", "j", "smartselfie"))))
                .isEqualTo("2205");
        assertThat(code(post("/v1/token", token.formatted(partner.partnerId(), TS, signature(), "u", "j", "nothing"))))
                .isEqualTo("2217");
        assertThat(code(post("/v1/token", token.formatted(partner.partnerId(), TS, signature(), "u".repeat(300), "j",
                "smartselfie")))).isEqualTo("2204");

        var services = server.send(HttpRequest.newBuilder(URI.create(server.httpsBase() + "/v1/services")).GET().build());
        api.check("/v1/services", "GET", services);
        var health = server.send(HttpRequest.newBuilder(URI.create(server.httpsBase() + "/health")).GET().build());
        api.check("/health", "GET", health);
    }

    @Test
    @Order(6)
    void endpointsVerdictDoesNotOfferAnswerAsDocumented() {
        for (var operation : api.operations()) {
            var path = operation.substring(operation.indexOf(' ') + 1);
            if (operation.startsWith("POST ") && api.operation(path, "POST").path("responses").has("501")) {
                assertThat(code(post(path, "{}"))).isEqualTo("not_supported");
            }
        }
    }

    @Test
    @Order(100)
    void everyDocumentedAnswerWasMet() {
        var left = api.unchecked();
        left.removeAll(UNREACHABLE.keySet());
        assertThat(left).isEmpty();
    }
}
