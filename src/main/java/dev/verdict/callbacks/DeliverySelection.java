package dev.verdict.callbacks;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which deliveries an operator action puts back to PENDING: one delivery, one job's, or all, in
 * the given states. {@link CallbackStore} turns it into SQL.
 */
record DeliverySelection(OptionalLong deliveryId, OptionalLong jobPk, Set<DeliveryState> states) {

    /** Re-drive of one delivery, if it is DEAD. */
    static DeliverySelection deadDelivery(long deliveryId) {
        return new DeliverySelection(OptionalLong.of(deliveryId), OptionalLong.empty(), EnumSet.of(DeliveryState.DEAD));
    }

    /** Re-drive of every DEAD delivery. */
    static DeliverySelection allDead() {
        return new DeliverySelection(OptionalLong.empty(), OptionalLong.empty(), EnumSet.of(DeliveryState.DEAD));
    }

    /** Replay of a job: its deliveries in every state that may go back to PENDING. */
    static DeliverySelection ofJob(long jobPk) {
        var states = Arrays.stream(DeliveryState.values()).filter(s -> s.canMoveTo(DeliveryState.PENDING))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DeliveryState.class)));
        return new DeliverySelection(OptionalLong.empty(), OptionalLong.of(jobPk), states);
    }
}
