package exchange.recovery.wallet;

import java.time.Instant;
import java.util.List;

/**
 * The withdrawal flag as stored in its SSM parameter (JSON). The wallet service reads {@code paused};
 * {@code holds} says which incidents hold withdrawals paused (withdrawals resume only when the last
 * hold is released); the {@code last*} fields say who changed it last, when and why (every earlier
 * value stays in the parameter's history, and every change is in CloudTrail).
 */
public record WithdrawalState(boolean paused, List<Hold> holds, Instant changedAt, String lastAction, String lastActor,
                              String lastIncidentId, String lastReason, String approvalRequestId) {

    public WithdrawalState {
        holds = holds == null ? List.of() : List.copyOf(holds);
    }

    public static WithdrawalState initial() {
        return new WithdrawalState(false, List.of(), null, null, null, null, null, null);
    }

    public boolean heldBy(String incidentId) {
        return holds.stream().anyMatch(hold -> hold.incidentId().equals(incidentId));
    }

    /** One incident's reason to keep withdrawals paused. */
    public record Hold(String incidentId, String actor, String reason, Instant since) {
    }
}
