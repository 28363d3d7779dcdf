package dev.verdict.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The delivery policy as plain decisions on a fixed clock: each outcome, on a first attempt and after
 * failures, inside and outside the retry window; then the overtaking rule.
 */
class DeliveryPolicyTest {
    private static final DeliveryPolicy POLICY =
            new DeliveryPolicy(Duration.ofSeconds(30), Duration.ofHours(4), Duration.ofHours(24));
    private static final Instant WINDOW_START = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant EARLY = WINDOW_START.plusSeconds(5); // inside the window, room for a retry
    private static final Instant LATE = WINDOW_START.plus(Duration.ofHours(24)).minusSeconds(15); // no retry fits
    private static final double NO_JITTER = 0.0;

    private record Case(DeliveryPolicy.Outcome outcome, int attemptsBefore, Instant now, DeliveryState state,
            Optional<Instant> nextAttemptAt) {}

    @Test
    void sendersResultsAreReadAsOutcomes() {
        assertThat(DeliveryPolicy.Outcome.of(200, false)).isEqualTo(DeliveryPolicy.Outcome.DELIVERED);
        assertThat(DeliveryPolicy.Outcome.of(204, false)).isEqualTo(DeliveryPolicy.Outcome.DELIVERED);
        assertThat(DeliveryPolicy.Outcome.of(299, false)).isEqualTo(DeliveryPolicy.Outcome.DELIVERED);
        assertThat(DeliveryPolicy.Outcome.of(410, false)).isEqualTo(DeliveryPolicy.Outcome.GONE);
        assertThat(DeliveryPolicy.Outcome.of(null, true)).isEqualTo(DeliveryPolicy.Outcome.REFUSED); // SSRF, bad URL
        assertThat(DeliveryPolicy.Outcome.of(500, false)).isEqualTo(DeliveryPolicy.Outcome.FAILED);
        assertThat(DeliveryPolicy.Outcome.of(301, false)).isEqualTo(DeliveryPolicy.Outcome.FAILED); // never followed
        assertThat(DeliveryPolicy.Outcome.of(404, false)).isEqualTo(DeliveryPolicy.Outcome.FAILED);
        assertThat(DeliveryPolicy.Outcome.of(199, false)).isEqualTo(DeliveryPolicy.Outcome.FAILED);
        assertThat(DeliveryPolicy.Outcome.of(null, false)).isEqualTo(DeliveryPolicy.Outcome.FAILED); // error, timeout
    }

    @Test
    void eachOutcomeFirstAndAfterFailuresInsideAndOutsideTheWindow() {
        var cases = new Case[] {
            // delivered: always DELIVERED
            new Case(DeliveryPolicy.Outcome.DELIVERED, 0, EARLY, DeliveryState.DELIVERED, Optional.empty()),
            new Case(DeliveryPolicy.Outcome.DELIVERED, 3, EARLY, DeliveryState.DELIVERED, Optional.empty()),
            new Case(DeliveryPolicy.Outcome.DELIVERED, 0, LATE, DeliveryState.DELIVERED, Optional.empty()),
            new Case(DeliveryPolicy.Outcome.DELIVERED, 12, LATE, DeliveryState.DELIVERED, Optional.empty()),
            // 410 Gone: DEAD at once, whatever the window
            new Case(DeliveryPolicy.Outcome.GONE, 0, EARLY, DeliveryState.DEAD, Optional.empty()),
            new Case(DeliveryPolicy.Outcome.GONE, 3, EARLY, DeliveryState.DEAD, Optional.empty()),
            new Case(DeliveryPolicy.Outcome.GONE, 0, LATE, DeliveryState.DEAD, Optional.empty()),
            new Case(DeliveryPolicy.Outcome.GONE, 12, LATE, DeliveryState.DEAD, Optional.empty()),
            // a refused target: DEAD at once, retrying cannot help
            new Case(DeliveryPolicy.Outcome.REFUSED, 0, EARLY, DeliveryState.DEAD, Optional.empty()),
            new Case(DeliveryPolicy.Outcome.REFUSED, 3, EARLY, DeliveryState.DEAD, Optional.empty()),
            new Case(DeliveryPolicy.Outcome.REFUSED, 0, LATE, DeliveryState.DEAD, Optional.empty()),
            new Case(DeliveryPolicy.Outcome.REFUSED, 12, LATE, DeliveryState.DEAD, Optional.empty()),
            // any other failure (a status, an error, a timeout): retried with backoff while the window lasts
            new Case(DeliveryPolicy.Outcome.FAILED, 0, EARLY, DeliveryState.PENDING,
                    Optional.of(EARLY.plusSeconds(30))),
            new Case(DeliveryPolicy.Outcome.FAILED, 3, EARLY, DeliveryState.PENDING,
                    Optional.of(EARLY.plusSeconds(240))), // 30 s doubled three times
            new Case(DeliveryPolicy.Outcome.FAILED, 20, EARLY, DeliveryState.PENDING,
                    Optional.of(EARLY.plus(Duration.ofHours(4)))), // capped at the maximum delay
            new Case(DeliveryPolicy.Outcome.FAILED, 0, LATE, DeliveryState.DEAD, Optional.empty()),
            new Case(DeliveryPolicy.Outcome.FAILED, 12, LATE, DeliveryState.DEAD, Optional.empty()),
        };
        for (var c : cases) {
            var decision = POLICY.after(c.outcome(), new DeliveryPolicy.History(c.attemptsBefore(), WINDOW_START),
                    c.now(), NO_JITTER);
            var what = c.outcome() + " after " + c.attemptsBefore() + " attempts at " + c.now();
            assertThat(decision.state()).as(what).isEqualTo(c.state());
            // only a retry looks ahead; every other decision is dated now
            assertThat(decision.nextAttemptAt()).as(what).isEqualTo(c.nextAttemptAt().orElse(c.now()));
        }
    }

    @Test
    void jitterShortensADelayByAtMostAFifth() {
        var history = new DeliveryPolicy.History(1, WINDOW_START);
        var fullJitter = POLICY.after(DeliveryPolicy.Outcome.FAILED, history, EARLY, 0.999_999);
        assertThat(Duration.between(EARLY, fullJitter.nextAttemptAt()))
                .isGreaterThan(Duration.ofSeconds(48)).isLessThanOrEqualTo(Duration.ofSeconds(60));
        var half = POLICY.after(DeliveryPolicy.Outcome.FAILED, history, EARLY, 0.5);
        assertThat(Duration.between(EARLY, half.nextAttemptAt())).isEqualTo(Duration.ofSeconds(54));
    }

    @Test
    void theLastRetryMustFitInTheWindowOpenedByCreationOrRedrive() {
        var lastChance = WINDOW_START.plus(Duration.ofHours(24)).minusSeconds(30);
        assertThat(POLICY.after(DeliveryPolicy.Outcome.FAILED, new DeliveryPolicy.History(0, WINDOW_START), lastChance,
                NO_JITTER)).isEqualTo(new DeliveryPolicy.Decision(DeliveryState.PENDING, lastChance.plusSeconds(30)));
        var tooLate = lastChance.plusMillis(1);
        assertThat(POLICY.after(DeliveryPolicy.Outcome.FAILED, new DeliveryPolicy.History(0, WINDOW_START), tooLate,
                NO_JITTER)).isEqualTo(new DeliveryPolicy.Decision(DeliveryState.DEAD, tooLate));
        // a re-drive opens a new window: the same moment is early again
        assertThat(POLICY.after(DeliveryPolicy.Outcome.FAILED, new DeliveryPolicy.History(0, tooLate), tooLate,
                NO_JITTER).state()).isEqualTo(DeliveryState.PENDING);
    }

    // ---- overtaking ----------------------------------------------------------------------------------

    private static Delivery delivery(int seq, boolean isFinal, int attempts, String target) {
        return new Delivery(seq, 100 + seq, 7, seq, isFinal, target, "msg_" + seq, DeliveryState.PENDING, attempts,
                WINDOW_START, WINDOW_START, Optional.empty(), Optional.empty(), 0, WINDOW_START, Optional.empty());
    }

    @Test
    void aFinalResultOvertakesAnEarlierProvisionalOnlyAfterItFailedOnce() {
        var target = "https://receiver.example/cb";
        var finalOne = delivery(3, true, 0, target);
        assertThat(DeliveryPolicy.mayOvertake(finalOne)).isTrue();
        assertThat(DeliveryPolicy.overtakes(finalOne, delivery(1, false, 1, target))).as("failed once").isTrue();
        assertThat(DeliveryPolicy.overtakes(finalOne, delivery(2, false, 4, target))).as("failed often").isTrue();
        assertThat(DeliveryPolicy.overtakes(finalOne, delivery(1, false, 0, target))).as("never tried").isFalse();
        assertThat(DeliveryPolicy.overtakes(finalOne, delivery(1, true, 2, target))).as("an earlier final").isFalse();
        assertThat(DeliveryPolicy.overtakes(finalOne, delivery(1, false, 1, "https://other.example/cb")))
                .as("another target").isFalse();
        assertThat(DeliveryPolicy.overtakes(finalOne, delivery(4, false, 1, target))).as("a later one").isFalse();
        var delivered = new Delivery(1, 101, 7, 1, false, target, "msg_1", DeliveryState.DELIVERED, 1, WINDOW_START,
                WINDOW_START, Optional.of(200), Optional.empty(), 0, WINDOW_START, Optional.of(WINDOW_START));
        assertThat(DeliveryPolicy.overtakes(finalOne, delivered)).as("no longer pending").isFalse();

        var provisional = delivery(3, false, 0, target);
        assertThat(DeliveryPolicy.mayOvertake(provisional)).isFalse();
        assertThat(DeliveryPolicy.overtakes(provisional, delivery(1, false, 1, target))).isFalse();
    }
}
