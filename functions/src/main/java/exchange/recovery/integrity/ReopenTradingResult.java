package exchange.recovery.integrity;

import java.util.List;

/** Where trading ended ({@code state}) and each phase reached on the way, in order. */
public record ReopenTradingResult(String incidentId, TradingPhase state, List<TradingReopening.PhaseReached> phases) {

    public ReopenTradingResult {
        phases = List.copyOf(phases);
    }
}
