package dev.verdict.v1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.http.WebServerHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class V1CodeTest {

    @Test
    void codesAreUniqueAndEveryOneIsDocumented() throws Exception {
        var codes = Arrays.stream(V1Code.values()).map(V1Code::code).toList();
        assertThat(codes).doesNotHaveDuplicates().allMatch(c -> c.matches("2[234]\\d\\d"));
        var api = Files.readString(Path.of("docs/api.md"));
        for (var code : V1Code.values()) {
            assertThat(api).as(code.name()).contains(code.code());
        }
        // the family decides the endpoint: 22xx upload, 23xx job_status, 24xx ID API
        assertThat(Arrays.stream(V1Code.values()).filter(c -> c.name().startsWith("STATUS_")))
                .allMatch(c -> c.code().startsWith("23"));
        assertThat(Arrays.stream(V1Code.values()).filter(c -> c.name().startsWith("UPLOAD_")))
                .allMatch(c -> c.code().startsWith("22"));
        assertThat(Arrays.stream(V1Code.values()).filter(c -> c.name().startsWith("ID_")))
                .allMatch(c -> c.code().startsWith("24"));
    }

    /**
     * The codes the v1 listeners answer for failures the framework detects (a body over the cap, an
     * unexpected failure) are job_status codes of the catalogue, and documented as such.
     */
    @Test
    void frameworkFailuresOnV1ListenersAnswerCataloguedCodes() throws Exception {
        var codes = WebServerHost.FrameworkCodes.V1;
        assertThat(codes.payloadTooLarge()).isEqualTo(V1Code.STATUS_INVALID_JSON.code());
        assertThat(codes.internalError()).isEqualTo(V1Code.STATUS_SYSTEM_ERROR.code());
        assertThat(V1Code.STATUS_SYSTEM_ERROR.httpStatus()).isEqualTo(500);
        var api = Files.readString(Path.of("docs/api.md"));
        assertThat(api).contains("| body over the endpoint's cap | 413 | `" + codes.payloadTooLarge() + "` |")
                .contains("| unexpected failure | 500 | `" + codes.internalError() + "` |");
    }
}
