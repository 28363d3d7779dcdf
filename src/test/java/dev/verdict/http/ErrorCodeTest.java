package dev.verdict.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalogue of Verdict's own error codes and its table in docs/api.md say the same, both ways. */
class ErrorCodeTest {
    private static final String HEADING = "### Verdict's own error codes";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| (\\d{3}) \\| .+\\|$");

    @Test
    void catalogueAndDocumentedTableAgree() throws Exception {
        var catalogue = Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(ErrorCode::code, ErrorCode::httpStatus, (a, b) -> {
                    throw new AssertionError("a code defined twice");
                }, LinkedHashMap::new));
        assertThat(catalogue).hasSize(ErrorCode.values().length);
        assertThat(documented()).as("docs/api.md, " + HEADING).isEqualTo(catalogue);
    }

    @Test
    void codesAreLowerCaseWordsAndEveryOneHasAText() {
        for (var code : ErrorCode.values()) {
            assertThat(code.code()).as(code.name()).isEqualTo(code.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(code.text()).as(code.name()).isNotBlank();
            assertThat(code.httpStatus()).as(code.name()).isBetween(400, 599);
        }
    }

    /** code → HTTP status from the table under the heading; every table row must parse. */
    private static Map<String, Integer> documented() throws Exception {
        var lines = Files.readAllLines(Path.of("docs/api.md"));
        var start = lines.indexOf(HEADING);
        assertThat(start).as("docs/api.md has the heading " + HEADING).isNotNegative();
        var rows = new LinkedHashMap<String, Integer>();
        var inTable = false;
        for (var line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            if (line.startsWith("| code ") || line.startsWith("|---")) {
                continue;
            }
            var row = ROW.matcher(line);
            assertThat(row.matches()).as("table row: " + line).isTrue();
            assertThat(rows.put(row.group(1), Integer.parseInt(row.group(2)))).as("listed twice: " + line).isNull();
        }
        return rows;
    }
}
