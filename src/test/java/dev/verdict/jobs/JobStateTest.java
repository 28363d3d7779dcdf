package dev.verdict.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JobStateTest {

    @Test
    void transitionsFollowTheJobLife() {
        assertThat(JobState.CREATED.canMoveTo(JobState.RECEIVED)).isTrue();
        assertThat(JobState.CREATED.canMoveTo(JobState.COMPLETE)).isFalse();
        assertThat(JobState.RECEIVED.canMoveTo(JobState.PROCESSING)).isTrue();
        assertThat(JobState.PROCESSING.canMoveTo(JobState.IN_REVIEW)).isTrue();
        assertThat(JobState.IN_REVIEW.canMoveTo(JobState.COMPLETE)).isTrue();
        assertThat(JobState.IN_REVIEW.canMoveTo(JobState.RECEIVED)).isFalse();
        assertThat(JobState.COMPLETE.canMoveTo(JobState.IN_REVIEW)).isFalse();
        assertThat(JobState.COMPLETE.canMoveTo(JobState.CREATED)).isFalse();
        assertThat(JobState.FAILED.canMoveTo(JobState.CREATED)).isTrue();
    }

    @Test
    void resultCodeTableKnowsFinalityPerJobType() {
        // 1012 ends a job type 5 but is only the ID step of a job type 1 (DESIGN §5)
        assertThat(ResultCodes.find("1012", 5)).hasValueSatisfying(e -> assertThat(e.isFinal()).isTrue());
        assertThat(ResultCodes.find("1012", 1)).hasValueSatisfying(e -> assertThat(e.isFinal()).isFalse());
        assertThat(ResultCodes.find("0814", 1)).hasValueSatisfying(e -> {
            assertThat(e.isFinal()).isFalse();
            assertThat(e.category()).isEqualTo(ResultCategory.PROVISIONAL);
        });
        assertThat(ResultCodes.find("1210", 1)).hasValueSatisfying(e -> assertThat(e.success()).isTrue());
        assertThat(ResultCodes.find("0903", 4)).hasValueSatisfying(e -> assertThat(e.success()).isFalse());
        assertThat(ResultCodes.find("0840", 2)).isEmpty();
        assertThat(ResultCodes.find("9999", 1)).isEmpty();
    }

    @Test
    void resultCodesDocListsEveryCodeOfTheTable() throws Exception {
        var doc = Files.readString(Path.of("docs/result-codes.md"));
        for (var entry : ResultCodes.all()) {
            var row = "| " + entry.code() + " | " + entry.jobType() + " |";
            assertThat(doc).as(row).contains(row);
        }
    }
}
