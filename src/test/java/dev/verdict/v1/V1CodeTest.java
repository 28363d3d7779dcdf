package dev.verdict.v1;

import static org.assertj.core.api.Assertions.assertThat;

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
}
