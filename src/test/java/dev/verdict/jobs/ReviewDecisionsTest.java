package dev.verdict.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a reviewer's decision on each provisional code appends, and that docs/result-codes.md lists it. */
class ReviewDecisionsTest {

    private static String decide(String code, int jobType, boolean approve) {
        var decisions = ResultCodes.decisions(code, jobType).orElseThrow();
        return (approve ? decisions.approve() : decisions.reject()).code();
    }

    @Test
    void designExamplesHold() {
        assertThat(decide("0814", 1, true)).isEqualTo("1210");
        assertThat(decide("0814", 1, false)).isEqualTo("1211");
        for (var code : new String[] {"0842", "0844", "0846"}) {
            assertThat(decide(code, 4, true)).isEqualTo("1240");
            assertThat(decide(code, 4, false)).isEqualTo("1241");
        }
        for (var code : new String[] {"0822", "0824", "0825"}) {
            assertThat(decide(code, 2, true)).isEqualTo("1220");
            assertThat(decide(code, 2, false)).isEqualTo("1221");
        }
        assertThat(decide("0814", 6, true)).isEqualTo("1210");
        assertThat(decide("0814", 11, false)).isEqualTo("1211");
    }

    @Test
    void onlyProvisionalCodesAreDecided() {
        assertThat(ResultCodes.decisions("0810", 1)).isEmpty();
        assertThat(ResultCodes.decisions("0823", 2)).isEmpty();
        assertThat(ResultCodes.decisions("1012", 5)).isEmpty();
    }

    @Test
    void everyProvisionalCodeHasBothDecisionsAndTheDocListsThem() throws Exception {
        var doc = Files.readString(Path.of("docs/result-codes.md"));
        for (var entry : ResultCodes.all()) {
            if (entry.category() != ResultCategory.PROVISIONAL) {
                continue;
            }
            var decisions = ResultCodes.decisions(entry.code(), entry.jobType()).orElseThrow();
            assertThat(decisions.approve().success()).isTrue();
            assertThat(decisions.reject().isFinal()).isTrue();
            assertThat(decisions.reject().success()).isFalse();
            assertThat(doc).contains("| " + entry.code() + " | " + entry.jobType() + " | " + decisions.approve().code()
                    + " | " + decisions.reject().code() + " |");
        }
    }
}
