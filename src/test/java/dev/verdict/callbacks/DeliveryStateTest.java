package dev.verdict.callbacks;

import static dev.verdict.callbacks.DeliveryState.DEAD;
import static dev.verdict.callbacks.DeliveryState.DELIVERED;
import static dev.verdict.callbacks.DeliveryState.DROPPED;
import static dev.verdict.callbacks.DeliveryState.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every pair of delivery states against the transition table, written out. */
class DeliveryStateTest {
    private record Move(DeliveryState from, DeliveryState to, boolean allowed) {}

    private static final List<Move> TABLE = List.of(
            new Move(PENDING, PENDING, true), // a failed attempt to be retried; a replay of a pending one
            new Move(PENDING, DELIVERED, true),
            new Move(PENDING, DEAD, true),
            new Move(PENDING, DROPPED, true), // overtaken by a final result
            new Move(DELIVERED, PENDING, true), // replay
            new Move(DELIVERED, DELIVERED, false),
            new Move(DELIVERED, DEAD, false),
            new Move(DELIVERED, DROPPED, false),
            new Move(DEAD, PENDING, true), // re-drive, replay
            new Move(DEAD, DELIVERED, false),
            new Move(DEAD, DEAD, false),
            new Move(DEAD, DROPPED, false),
            new Move(DROPPED, PENDING, true), // replay
            new Move(DROPPED, DELIVERED, false),
            new Move(DROPPED, DEAD, false),
            new Move(DROPPED, DROPPED, false));

    @Test
    void theTableCoversEveryPair() {
        var states = DeliveryState.values();
        assertThat(TABLE).hasSize(states.length * states.length);
        for (var from : states) {
            for (var to : states) {
                assertThat(TABLE).as(from + " -> " + to).filteredOn(m -> m.from() == from && m.to() == to).hasSize(1);
            }
        }
    }

    @Test
    void everyMoveIsAllowedOrForbiddenAsTheTableSays() {
        for (var move : TABLE) {
            assertThat(move.from().canMoveTo(move.to())).as(move.from() + " -> " + move.to()).isEqualTo(move.allowed());
        }
    }

    @Test
    void aForbiddenMoveFailsLoudlyNamingBothStates() {
        for (var move : TABLE) {
            if (move.allowed()) {
                move.from().checkMoveTo(move.to());
            } else {
                assertThatThrownBy(() -> move.from().checkMoveTo(move.to()))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(move.from().name()).hasMessageContaining(move.to().name());
            }
        }
    }
}
