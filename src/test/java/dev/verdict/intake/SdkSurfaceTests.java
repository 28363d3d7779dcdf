package dev.verdict.intake;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.Node;
import dev.verdict.testing.Receiver;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.Zips;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The rest of the official SDKs' surface through a real HTTPS server with the sandbox engine, on SQLite
 * and PostgreSQL: web tokens, business verification (sync and async, with its callback), AML, the
 * endpoints Verdict does not offer, the duplicate-entry and resubmission tolerances, and the official
 * Node SDK calling the new endpoints.
 */
abstract class SdkSurfaceTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";

    final Receiver receiver = new Receiver();
    IssuedKey partner;
    byte[] selfie = Images.jpeg(64, 64);

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_CALLBACK_TIMEOUT", "2s");
    }

    @Override
    protected void started() {
        partner = server.createPartner("SDK surface partner");
    }

    @AfterAll
    void closeReceiver() {
        receiver.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private String signature() {
        return new SidSignature(partner.apiKey()).sign(TS, Long.toString(partner.partnerId()));
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(json(response.body()).get("code").asText()).as(response.body()).isEqualTo(code);
    }

    private void assertSigned(JsonNode answer) {
        var expected = new SidSignature(partner.apiKey()).sign(answer.get("timestamp").asText(),
                Long.toString(partner.partnerId()));
        assertThat(answer.get("signature").asText()).isEqualTo(expected);
    }

    private JsonNode status(String userId, String jobId) {
        return json(server.post("/v1/job_status", SignedRequests.jobStatus(partner, userId, jobId, TS, false, false))
                .body());
    }

    // ---- web token ------------------------------------------------------------------------------------

    private String tokenBody(String product, String extra) {
        return """
                {"user_id": "tok-user", "job_id": "tok-job", "product": "%s", "callback_url": "https://partner.example/cb",
                 "partner_id": "%d", "timestamp": "%s", "signature": "%s", "source_sdk": "javascript",
                 "source_sdk_version": "3.2.1"%s}"""
                .formatted(product, partner.partnerId(), TS, signature(), extra);
    }

    /** The payload of a JWT after checking its HS256 signature with the installation's derived secret. */
    private JsonNode verifiedPayload(String token) throws Exception {
        var parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        var decoder = Base64.getUrlDecoder();
        assertThat(json(new String(decoder.decode(parts[0]), StandardCharsets.UTF_8)).get("alg").asText())
                .isEqualTo("HS256");
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(server.app().services().secrets().webTokenSecret(), "HmacSHA256"));
        var expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
        assertThat(parts[2]).isEqualTo(expected);
        return json(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8));
    }

    @Test
    void tokenIsASignedJwtOfThePartnerParamsAndCallback() throws Exception {
        var response = server.post("/v1/token", tokenBody("biometric_kyc", ", \"job_type\": 1"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var answer = json(response.body());
        assertThat(answer.get("success").booleanValue()).isTrue();
        var payload = verifiedPayload(answer.get("token").asText());
        assertThat(payload.get("partner_params").get("user_id").asText()).isEqualTo("tok-user");
        assertThat(payload.get("partner_params").get("job_id").asText()).isEqualTo("tok-job");
        assertThat(payload.get("partner_params").get("job_type").intValue()).isEqualTo(1);
        assertThat(payload.get("callback_url").asText()).isEqualTo("https://partner.example/cb");
        assertThat(payload.get("partner_id").asText()).isEqualTo(Long.toString(partner.partnerId()));
        var iat = payload.get("iat").longValue();
        assertThat(iat).isEqualTo(clock.instant().getEpochSecond());
        assertThat(payload.get("exp").longValue() - iat).isEqualTo(1_667_520L);
    }

    @Test
    void tokenRefusesAnUnknownProductABadSignatureAndMissingIds() {
        assertError(server.post("/v1/token", tokenBody("face_painting", "")), 400, "2217");
        assertThat(json(server.post("/v1/token", tokenBody("face_painting", "")).body()).get("error").asText())
                .isEqualTo("Invalid product.");
        assertError(server.post("/v1/token", tokenBody("smartselfie", "").replace(signature(), "AAAA")), 400, "2205");
        assertError(server.post("/v1/token", tokenBody("smartselfie", "").replace("\"tok-user\"", "\"\"")), 400, "2213");
        assertError(server.post("/v1/token", "{not json"), 400, "2203");
    }

    // ---- business verification ------------------------------------------------------------------------

    private String businessBody(String userId, String jobId, int jobType, String idNumber, String extra) {
        return """
                {"partner_id": "%d", "timestamp": "%s", "signature": "%s", "country": "NG",
                 "id_type": "BUSINESS_REGISTRATION", "id_number": "%s", "business_type": "co",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": %d, "optional_info": "kept"},
                 "source_sdk": "javascript", "source_sdk_version": "3.2.1"%s}"""
                .formatted(partner.partnerId(), TS, signature(), idNumber, userId, jobId, jobType, extra);
    }

    @Test
    void businessVerificationAnswersTheSignedCompanyRecordAtOnce() {
        var user = unique("kyb");
        var jobId = unique("job");
        var response = server.post("/v1/business_verification", businessBody(user, jobId, 7, "RC123456", ""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var answer = json(response.body());
        assertSigned(answer);
        assertThat(answer.get("success").booleanValue()).isTrue();
        assertThat(answer.get("ResultCode").asText()).isEqualTo("1012");
        assertThat(answer.get("ResultText").asText()).isEqualTo("Business Verified");
        assertThat(answer.get("ResultType").asText()).isEqualTo("Business Verification");
        assertThat(answer.get("IsFinalResult").asText()).isEqualTo("true");
        assertThat(answer.get("SmileJobID").asText()).matches("\\d{10}");
        assertThat(answer.get("Actions").get("Verify_Business").asText()).isEqualTo("Verified");
        assertThat(answer.get("PartnerParams").get("job_type").intValue()).isEqualTo(7);
        assertThat(answer.get("PartnerParams").get("optional_info").asText()).isEqualTo("kept");
        var company = answer.get("company_information");
        assertThat(company.get("registration_number").asText()).isEqualTo("RC123456");
        assertThat(company.get("company_type").asText()).isEqualTo("PRIVATE_COMPANY_LIMITED_BY_SHARES");
        assertThat(company.get("legal_name").asText()).isNotBlank();
        assertThat(answer.get("directors").isArray()).isTrue();
        assertThat(answer.get("directors")).hasSize(2);
        assertThat(answer.get("beneficial_owners")).hasSize(2);
        assertThat(answer.get("fiduciaries")).hasSize(1);
        assertThat(answer.get("proprietors").isArray()).isTrue();
        assertThat(answer.get("documents").get("search_certificate").asText()).isEmpty();
        for (var key : List.of("JSONVersion", "SmileJobID", "PartnerParams", "ResultType", "ResultText", "ResultCode",
                "IsFinalResult", "Actions", "documents", "company_information", "proprietors", "beneficial_owners",
                "signature", "timestamp", "directors", "fiduciaries", "success")) {
            assertThat(answer.has(key)).as(key).isTrue();
        }
        // the same record twice: deterministic
        var again = json(server.post("/v1/business_verification", businessBody(user, unique("job"), 7, "RC123456", ""))
                .body());
        assertThat(again.get("company_information")).isEqualTo(company);
        // recorded as a job: job_status shows the same result object
        var status = status(user, jobId);
        assertThat(status.get("job_complete").booleanValue()).isTrue();
        assertThat(status.get("job_success").booleanValue()).isTrue();
        assertThat(status.get("result").get("company_information")).isEqualTo(company);
    }

    @Test
    void businessVerificationSandboxNumbersAndRefusals() {
        var outcomes = Map.of("RC120000", "1013", "RC129999", "1015", "XX1", "1014");
        outcomes.forEach((number, code) -> {
            var response = server.post("/v1/business_verification", businessBody(unique("kyb"), unique("job"), 7, number, ""));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response.body()).get("ResultCode").asText()).as(number).isEqualTo(code);
        });
        var unsupported = businessBody(unique("kyb"), unique("job"), 7, "RC123456", "").replace("\"NG\"", "\"FR\"");
        assertThat(json(server.post("/v1/business_verification", unsupported).body()).get("ResultCode").asText())
                .isEqualTo("1016");
        assertError(server.post("/v1/business_verification", businessBody("u", unique("job"), 5, "RC123456", "")), 400,
                "2212");
        assertError(server.post("/v1/business_verification",
                businessBody("u", unique("job"), 7, "RC123456", "").replace("\"id_type\": \"BUSINESS_REGISTRATION\",", "")),
                400, "2413");
        assertError(server.post("/v1/business_verification",
                businessBody("u", unique("job"), 7, "RC123456", "").replace(signature(), "AAAA")), 400, "2405");
        var jobId = unique("job");
        assertThat(server.post("/v1/business_verification", businessBody("u", jobId, 7, "RC123456", "")).statusCode())
                .isEqualTo(200);
        assertError(server.post("/v1/business_verification", businessBody("u", jobId, 7, "RC123456", "")), 400, "2215");
    }

    @Test
    void asyncBusinessVerificationIsDecidedByTheEngineAndCalledBack() throws Exception {
        var user = unique("kyb-async");
        var jobId = unique("job");
        var path = "/kyb/" + UUID.randomUUID();
        var response = server.post("/v1/async_business_verification", businessBody(user, jobId, 7, "BN7654321",
                ", \"callback_url\": \"" + receiver.url(path) + "\""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var answer = json(response.body());
        assertThat(answer.get("success").booleanValue()).isTrue();
        var smileJobId = answer.get("smile_job_id").asText();
        eventually(() -> status(user, jobId).get("job_complete").booleanValue(), "the engine decides the job");
        var result = status(user, jobId).get("result");
        assertThat(result.get("ResultCode").asText()).isEqualTo("1012");
        assertThat(result.get("SmileJobID").asText()).isEqualTo(smileJobId);
        assertThat(result.get("company_information").get("registration_number").asText()).isEqualTo("BN7654321");
        eventually(() -> !receiver.received(path).isEmpty(), "the callback arrives");
        var callback = json(receiver.received(path).getFirst().body());
        assertThat(callback.get("ResultType").asText()).isEqualTo("Business Verification");
        assertThat(callback.get("company_information").get("registration_number").asText()).isEqualTo("BN7654321");
        assertThat(callback.get("signature").asText()).isNotBlank();
    }

    // ---- AML --------------------------------------------------------------------------------------------

    /** The body the Ruby SDK's AmlCheck sends. */
    private String amlBody(String userId, String jobId, String fullName, String birthYear, boolean strict) {
        return """
                {"timestamp": "%s", "signature": "%s", "user_id": "%s", "job_id": "%s", "job_type": 10,
                 "countries": ["US"], "full_name": "%s", "birth_year": "%s", "search_existing_user": false,
                 "strict_match": %s, "partner_id": "%d", "partner_params": {"user_email": "kept@example.com"},
                 "source_sdk": "ruby", "source_sdk_version": "2.3.1"}"""
                .formatted(TS, signature(), userId, jobId, fullName, birthYear, strict, partner.partnerId());
    }

    @Test
    void amlFindsAListedNameWithItsSourcesAndRecordsTheJob() {
        var user = unique("aml");
        var jobId = unique("job");
        var response = server.post("/v1/aml", amlBody(user, jobId, "John Listed Doe", "1984", true));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var answer = json(response.body());
        assertSigned(answer);
        assertThat(answer.get("ResultCode").asText()).isEqualTo("1030");
        assertThat(answer.get("ResultText").asText()).isEqualTo("Found on list");
        assertThat(answer.get("Actions").get("Listed").asText()).isEqualTo("Listed");
        assertThat(answer.get("StrictMatch").isBoolean()).isTrue();
        assertThat(answer.get("no_of_persons_found").isInt()).isTrue();
        assertThat(answer.get("no_of_persons_found").intValue()).isEqualTo(1);
        var person = answer.get("people").get(0);
        assertThat(person.get("name").asText()).isEqualTo("John Listed Doe");
        assertThat(person.get("pep").get("pep_level").intValue()).isEqualTo(1);
        assertThat(person.get("pep").get("sources").get(0).get("source_link").asText()).startsWith("https://");
        assertThat(person.get("sanctions").get(0).get("source_details").get("source_type").asText()).isEqualTo("Sanctions");
        assertThat(person.get("adverse_media")).hasSize(1);
        assertThat(person.get("nationalities").get(0).asText()).isEqualTo("US");
        assertThat(answer.get("PartnerParams").get("user_id").asText()).isEqualTo(user);
        assertThat(answer.get("PartnerParams").get("job_id").asText()).isEqualTo(jobId);
        assertThat(answer.get("PartnerParams").get("job_type").intValue()).isEqualTo(10);
        assertThat(answer.get("PartnerParams").get("user_email").asText()).isEqualTo("kept@example.com");
        var status = status(user, jobId);
        assertThat(status.get("job_complete").booleanValue()).isTrue();
        assertThat(status.get("job_success").booleanValue()).isFalse();
        assertThat(status.get("result").get("people")).isEqualTo(answer.get("people"));
        assertThat(status.get("result").get("no_of_persons_found").intValue()).isEqualTo(1);
    }

    @Test
    void amlWithoutAMatchAndItsRefusals() {
        var clean = json(server.post("/v1/aml", amlBody(unique("aml"), unique("job"), "Ada Okafor", "1990", true)).body());
        assertThat(clean.get("ResultCode").asText()).isEqualTo("1031");
        assertThat(clean.get("Actions").get("Listed").asText()).isEqualTo("Not Listed");
        assertThat(clean.get("no_of_persons_found").intValue()).isZero();
        assertThat(clean.get("people")).isEmpty();
        // strict: another birth year is another person; not strict: the name is enough
        var strict = json(server.post("/v1/aml", amlBody(unique("aml"), unique("job"), "Jane Listed", "1990", true)).body());
        assertThat(strict.get("ResultCode").asText()).isEqualTo("1031");
        var loose = json(server.post("/v1/aml", amlBody(unique("aml"), unique("job"), "Jane Listed", "1990", false)).body());
        assertThat(loose.get("ResultCode").asText()).isEqualTo("1030");
        assertThat(loose.get("StrictMatch").booleanValue()).isFalse();

        assertError(server.post("/v1/aml", amlBody("u", unique("job"), "Ada", "1990", true).replace("\"full_name\": \"Ada\",", "")),
                400, "2413");
        assertError(server.post("/v1/aml", amlBody("u", unique("job"), "Ada", "1990", true).replace("\"job_type\": 10", "\"job_type\": 5")),
                400, "2212");
        assertError(server.post("/v1/aml", amlBody("u", unique("job"), "Ada", "1990", true).replace(signature(), "AAAA")),
                400, "2405");
        assertError(server.post("/v1/aml", amlBody("u", unique("job"), "Ada", "1990", true).replace("[\"US\"]", "\"US\"")),
                400, "2413");
        var jobId = unique("job");
        assertThat(server.post("/v1/aml", amlBody("u", jobId, "Ada", "1990", true)).statusCode()).isEqualTo(200);
        assertError(server.post("/v1/aml", amlBody("u", jobId, "Ada", "1990", true)), 400, "2215");
    }

    // ---- endpoints Verdict does not offer ------------------------------------------------------------------

    @Test
    void addressVerificationAndTheMobileEndpointsSayTheyAreNotOffered() {
        for (var path : IntakeRoutes.UNSUPPORTED.keySet()) {
            var response = server.post(path, "{}");
            assertError(response, 501, "not_supported");
            assertThat(json(response.body()).get("error").asText()).as(path).startsWith("Verdict does not");
            var get = server.send(HttpRequest.newBuilder(URI.create(server.httpsBase() + path)).GET().build());
            assertThat(get.statusCode()).as(path).isEqualTo(405);
        }
        assertThat(IntakeRoutes.UNSUPPORTED).containsKeys("/v1/async-verify-address", "/v1/auth_smile",
                "/v1/products_config", "/v1/valid_documents", "/v1/totp_consent", "/v1/totp_consent/mode",
                "/v1/totp_consent/otp", "/v2/smart-selfie-enroll", "/v2/smart-selfie-authentication");
    }

    // ---- tolerances ---------------------------------------------------------------------------------------

    private String prepBody(String userId, String jobId, int jobType) {
        return """
                {"file_name": "selfie.zip", "smile_client_id": "%d", "partner_params": {"user_id": "%s", "job_id": "%s",
                 "job_type": %d}, "model_parameters": {}, "callback_url": "", "timestamp": "%s", "signature": "%s",
                 "source_sdk": "python", "source_sdk_version": "3.0.1"}"""
                .formatted(partner.partnerId(), userId, jobId, jobType, TS, signature());
    }

    private JsonNode prepared(String userId, String jobId, int jobType) {
        var response = server.post("/v1/upload", prepBody(userId, jobId, jobType));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private int put(String url, byte[] zip) {
        return server.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)).build()).statusCode();
    }

    @Test
    void aFileZippedTwiceUnderOneNameIsOneImage() throws Exception {
        var user = unique("twice");
        var jobId = unique("job");
        var answer = prepared(user, jobId, 4);
        var zip = Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg"))
                .entry("selfie.jpg", selfie).entry("selfie.jpg", selfie).build();
        assertThat(put(answer.get("upload_url").asText(), zip)).isEqualTo(200);
        eventually(() -> status(user, jobId).get("job_complete").booleanValue(), "the job is decided");
        assertThat(status(user, jobId).get("result").get("ResultCode").asText()).isEqualTo("0840");

        // the same base name in two folders with different bytes stays ambiguous
        var other = unique("twice");
        var otherJob = unique("job");
        var ambiguous = Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg"))
                .entry("a/selfie.jpg", selfie).entry("b/selfie.jpg", Images.png(64, 64)).build();
        assertThat(put(prepared(other, otherJob, 4).get("upload_url").asText(), ambiguous)).isEqualTo(200);
        eventually(() -> status(other, otherJob).get("job_complete").booleanValue(), "the job fails");
        assertThat(status(other, otherJob).get("result").get("ResultCode").asText()).isEqualTo("0903");
    }

    @Test
    void aResubmittedJobIdIs2215EvenAfterItsUserEnrolled() throws Exception {
        var user = unique("resubmit");
        var jobId = unique("job");
        var answer = prepared(user, jobId, 4);
        assertThat(put(answer.get("upload_url").asText(), Zips.java(user, jobId, 4, selfie))).isEqualTo(200);
        eventually(() -> status(user, jobId).get("job_success").booleanValue(), "the user enrols");
        // the same job again: 2215, not 2209 "already enrolled"
        var again = server.post("/v1/upload", prepBody(user, jobId, 4));
        assertError(again, 400, "2215");
        // a new job for the enrolled user is still 2209
        assertError(server.post("/v1/upload", prepBody(user, unique("job"), 4)), 400, "2209");
        // and a resubmitted job 2 of a user who is not enrolled is 2215, not 2210
        var stranger = unique("stranger");
        var authJob = unique("job");
        assertThat(server.adminPost("/internal/v1/jobs", """
                {"partner_id": "%d", "user_id": "%s", "job_id": "%s", "job_type": 4, "state": "CREATED"}"""
                .formatted(partner.partnerId(), stranger, authJob)).statusCode()).isEqualTo(201);
        assertError(server.post("/v1/upload", prepBody(stranger, authJob, 2)), 400, "2215");
    }

    // ---- the official Node SDK ------------------------------------------------------------------------------

    private Map<String, String> nodeEnv() {
        return new HashMap<>(Node.sdkEnv(server, partner, receiver.url("/node")));
    }

    @Test
    @StartsProcesses
    void theNodeSdkGetsAWebToken() throws Exception {
        var env = nodeEnv();
        env.put("METHOD", "get_web_token");
        env.put("REQUEST", "{\"user_id\": \"node-user\", \"job_id\": \"node-job\", \"product\": \"ekyc_smartselfie\"}");
        var result = Node.run("sdk-surface.js", List.of(), env);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        var answer = json(result.stdout());
        assertThat(answer.get("success").booleanValue()).isTrue();
        var payload = verifiedPayload(answer.get("token").asText());
        assertThat(payload.get("partner_params").get("user_id").asText()).isEqualTo("node-user");
        assertThat(payload.get("callback_url").asText()).isEqualTo(receiver.url("/node"));
        assertThat(payload.get("product").asText()).isEqualTo("ekyc_smartselfie");

        env.put("REQUEST", "{\"user_id\": \"node-user\", \"job_id\": \"node-job\", \"product\": \"nonsense\"}");
        var refused = Node.run("sdk-surface.js", List.of(), env);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("2217");
    }

    @Test
    @StartsProcesses
    void theNodeSdkVerifiesABusinessSynchronouslyAndAsynchronously() throws Exception {
        var user = unique("node-kyb");
        var syncJob = unique("job");
        var idInfo = "{\"country\": \"NG\", \"id_type\": \"BUSINESS_REGISTRATION\", \"id_number\": \"RC765432\","
                + " \"business_type\": \"co\"}";
        var sync = Node.submitJobViaIdApi(nodeEnv(), user, syncJob, 7, idInfo);
        assertThat(sync.exitCode()).as(sync.stderr()).isZero();
        var answer = json(sync.stdout());
        assertThat(answer.get("ResultCode").asText()).isEqualTo("1012");
        assertThat(answer.get("company_information").get("registration_number").asText()).isEqualTo("RC765432");
        assertSigned(answer);

        var asyncJob = unique("job");
        var env = nodeEnv();
        env.put("METHOD", "submitAsyncjob");
        env.put("PARTNER_PARAMS", "{\"user_id\": \"%s\", \"job_id\": \"%s\", \"job_type\": 7}".formatted(user, asyncJob));
        env.put("ID_INFO", idInfo.replace("RC765432", "RC760000"));
        var async = Node.run("sdk-surface.js", List.of(), env);
        assertThat(async.exitCode()).as(async.stderr()).isZero();
        assertThat(json(async.stdout()).get("success").booleanValue()).isTrue();
        eventually(() -> status(user, asyncJob).get("job_complete").booleanValue(), "the engine decides");
        assertThat(status(user, asyncJob).get("result").get("ResultCode").asText()).isEqualTo("1013");
    }
}
