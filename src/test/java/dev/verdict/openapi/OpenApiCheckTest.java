package dev.verdict.openapi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.testing.OpenApi;
import org.junit.jupiter.api.Test;

/** The contract checker itself bites: wrong types, missing keys, undocumented statuses and content types fail. */
class OpenApiCheckTest {
    private static final String JSON = "application/json";
    private static final String OK = """
            {"timestamp": "2026-03-01T12:00:00.000Z", "signature": "c2ln", "job_complete": false,
             "job_success": false, "code": "2314", "result": "No zip file received"}""";

    private final OpenApi api = OpenApi.load("/openapi/v1.yaml");

    @Test
    void aConformingAnswerPasses() {
        assertThatCode(() -> api.check("/v1/job_status", "POST", 200, JSON, OK)).doesNotThrowAnyException();
    }

    @Test
    void aStringWhereTheDocumentSaysBooleanFails() {
        assertThatThrownBy(() -> api.check("/v1/job_status", "POST", 200, JSON,
                OK.replace("\"job_complete\": false", "\"job_complete\": \"false\""))).hasMessageContaining("job_complete");
    }

    @Test
    void aMissingRequiredKeyFails() {
        assertThatThrownBy(() -> api.check("/v1/job_status", "POST", 200, JSON,
                OK.replace("\"signature\": \"c2ln\",", ""))).hasMessageContaining("signature");
    }

    @Test
    void aResultObjectWithANumberForAStringFailsThroughItsReference() {
        var body = OK.replace("\"result\": \"No zip file received\"", """
                "result": {"ResultCode": 840, "ResultText": "x", "SmileJobID": "0000000001", "IsFinalResult": "true",
                 "IsMachineResult": "true", "seq": "1", "PartnerParams": {"user_id": "u", "job_id": "j", "job_type": 4}}""")
                .replace("2314", "2302");
        assertThatThrownBy(() -> api.check("/v1/job_status", "POST", 200, JSON, body)).isInstanceOf(AssertionError.class);
    }

    @Test
    void anUndocumentedStatusOrContentTypeFails() {
        assertThatThrownBy(() -> api.check("/v1/services", "GET", 418, JSON, "{}")).hasMessageContaining("documented");
        assertThatThrownBy(() -> api.check("/v1/services", "GET", 200, "text/html", "<p>")).hasMessageContaining("text/html");
    }
}
