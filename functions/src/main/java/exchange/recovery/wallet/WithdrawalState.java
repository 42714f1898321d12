package exchange.recovery.wallet;

import java.time.Instant;
import java.util.List;

import exchange.recovery.hold.FlagState;
import exchange.recovery.hold.Hold;

/**
 * The withdrawal flag as the gate reports it: {@code paused} as the wallet service reads it (while any
 * hold exists, an incident's, an operator's or the one that stands for a malformed flag, and while the
 * flag was never written); who changed it last, and which approval released a hold last.
 */
public record WithdrawalState(boolean paused, List<Hold> holds, long version, Instant changedAt, String lastAction,
                              String lastActor, String lastIncidentId, String lastReason, String approvalRequestId) {

    public WithdrawalState {
        holds = holds == null ? List.of() : List.copyOf(holds);
    }

    static WithdrawalState of(FlagState flag) {
        return new WithdrawalState(!flag.exists() || !flag.readable() || flag.held(), flag.holds(), flag.version(), flag.changedAt(),
                flag.lastAction(), flag.lastActor(), flag.lastHolder(), flag.lastReason(), flag.lastToken());
    }

    public boolean heldBy(String incidentId) {
        return holds.stream().anyMatch(hold -> hold.holder().equals(incidentId));
    }
}
