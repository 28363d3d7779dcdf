package dev.verdict.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobStateTest {

    /** The job life, written out: a row per current state, a column per next state (X = allowed). */
    private static final List<String> COLUMNS = List.of("CREATED", "RECEIVED", "PROCESSING", "IN_REVIEW", "COMPLETE",
            "FAILED");
    private static final String[][] TABLE = {
            //                CREATED RECEIVED PROCESSING IN_REVIEW COMPLETE FAILED
            {"CREATED",     "X",    "X",     ".",       ".",      ".",     "X"},
            {"RECEIVED",    ".",    "X",     "X",       "X",      "X",     "X"},
            {"PROCESSING",  ".",    "X",     "X",       "X",      "X",     "X"},
            {"IN_REVIEW",   ".",    ".",     ".",       "X",      "X",     "X"},
            {"COMPLETE",    ".",    ".",     ".",       ".",      "X",     "."},
            {"FAILED",      "X",    ".",     ".",       ".",      "X",     "X"},
    };

    static Stream<Arguments> everyPair() {
        var pairs = new ArrayList<Arguments>();
        for (var row : TABLE) {
            for (int column = 0; column < COLUMNS.size(); column++) {
                pairs.add(Arguments.of(JobState.valueOf(row[0]), JobState.valueOf(COLUMNS.get(column)),
                        row[column + 1].equals("X")));
            }
        }
        return pairs.stream();
    }

    @Test
    void theTableCoversEveryState() {
        assertThat(JobState.values()).extracting(Enum::name).containsExactlyElementsOf(COLUMNS);
        assertThat(Arrays.stream(TABLE).map(row -> row[0]).toList()).containsExactlyElementsOf(COLUMNS);
        assertThat(everyPair()).hasSize(36);
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void everyTransitionIsAllowedOrForbiddenAsTheTableSays(JobState from, JobState to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @Test
    void aRetryReopensExactlyCreatedAndFailedJobs() {
        for (var state : JobState.values()) {
            var expected = state == JobState.CREATED || state == JobState.FAILED;
            assertThat(state.reopenableForRetry()).as(state.name()).isEqualTo(expected);
        }
    }

    @Test
    void statePredicates() {
        for (var state : JobState.values()) {
            assertThat(state.awaitingUpload()).as(state.name()).isEqualTo(state == JobState.CREATED);
            assertThat(state.startsAJob()).as(state.name())
                    .isEqualTo(state == JobState.CREATED || state == JobState.RECEIVED);
            assertThat(state.awaitingEngine()).as(state.name())
                    .isEqualTo(state == JobState.RECEIVED || state == JobState.PROCESSING);
            assertThat(state.open()).as(state.name())
                    .isEqualTo(state != JobState.COMPLETE && state != JobState.FAILED);
        }
        assertThat(JobState.RECEIVED.onClaim()).isEqualTo(JobState.PROCESSING);
        assertThat(JobState.PROCESSING.onClaim()).isEqualTo(JobState.PROCESSING); // a re-claim after a lost lease
    }

    private static ResultCodes.Entry entry(String code, int jobType) {
        return ResultCodes.find(code, jobType).orElseThrow();
    }

    static Stream<Arguments> resultsThatMoveAJob() {
        var finalApproved = entry("0840", 4);
        var finalRejected = entry("0841", 4);
        var finalError = entry("0001", 4);
        var provisional = entry("0842", 4);
        var step = entry("1012", 1); // ID validated: an approved step of job type 1, not final
        return Stream.of(
                // state, entry, job already complete, expected next state
                Arguments.of(JobState.CREATED, finalError, false, JobState.FAILED),
                Arguments.of(JobState.RECEIVED, finalApproved, false, JobState.COMPLETE),
                Arguments.of(JobState.RECEIVED, finalRejected, false, JobState.COMPLETE),
                Arguments.of(JobState.RECEIVED, finalError, false, JobState.FAILED),
                Arguments.of(JobState.RECEIVED, step, false, JobState.RECEIVED),
                Arguments.of(JobState.RECEIVED, provisional, false, JobState.IN_REVIEW),
                Arguments.of(JobState.PROCESSING, step, false, JobState.PROCESSING),
                Arguments.of(JobState.PROCESSING, provisional, false, JobState.IN_REVIEW),
                Arguments.of(JobState.PROCESSING, finalError, false, JobState.FAILED),
                Arguments.of(JobState.IN_REVIEW, provisional, false, JobState.IN_REVIEW),
                Arguments.of(JobState.IN_REVIEW, step, false, JobState.IN_REVIEW),
                Arguments.of(JobState.IN_REVIEW, finalApproved, false, JobState.COMPLETE),
                Arguments.of(JobState.IN_REVIEW, finalError, false, JobState.FAILED),
                // a reviewer overturns a final result; an error after a final result does not fail the job
                Arguments.of(JobState.COMPLETE, finalRejected, true, JobState.COMPLETE),
                Arguments.of(JobState.COMPLETE, finalError, true, JobState.COMPLETE),
                // a later final result supersedes a failure
                Arguments.of(JobState.FAILED, finalApproved, true, JobState.COMPLETE),
                Arguments.of(JobState.FAILED, finalError, true, JobState.COMPLETE));
    }

    @ParameterizedTest(name = "{0} + {1} -> {3}")
    @MethodSource("resultsThatMoveAJob")
    void aResultMovesTheJobByTheRule(JobState state, ResultCodes.Entry entry, boolean complete, JobState expected) {
        assertThat(state.afterResult(entry, complete)).isEqualTo(expected);
    }

    static Stream<Arguments> resultsAJobCannotTake() {
        return Stream.of(
                // only the intake's final error reaches a job awaiting its zip
                Arguments.of(JobState.CREATED, entry("0840", 4), false, "ResultCode"),
                Arguments.of(JobState.CREATED, entry("0842", 4), false, "ResultCode"),
                Arguments.of(JobState.CREATED, entry("1012", 1), false, "ResultCode"),
                // only a final result can follow a final result
                Arguments.of(JobState.COMPLETE, entry("0842", 4), true, "IsFinalResult"),
                Arguments.of(JobState.COMPLETE, entry("1012", 1), true, "IsFinalResult"),
                Arguments.of(JobState.FAILED, entry("0842", 4), true, "IsFinalResult"));
    }

    @ParameterizedTest(name = "{0} + {1}: conflict on {3}")
    @MethodSource("resultsAJobCannotTake")
    void aResultTheJobCannotTakeIsAConflict(JobState state, ResultCodes.Entry entry, boolean complete, String field) {
        assertThatThrownBy(() -> state.afterResult(entry, complete))
                .isInstanceOfSatisfying(JobException.class, e -> {
                    assertThat(e.kind()).isEqualTo(JobException.Kind.CONFLICT);
                    assertThat(e.field()).contains(field);
                });
    }

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
