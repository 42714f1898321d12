package exchange.recovery.integrity;

import exchange.recovery.core.RecoveryException;

/** Trading stays where it was (halted, or cancel-only): the checks that reopening needs did not pass. */
public class TradingReopenRefused extends RecoveryException {

    private final TradingPhase phase;

    public TradingReopenRefused(String message, TradingPhase phase) {
        super(message);
        this.phase = phase;
    }

    public TradingPhase phase() {
        return phase;
    }
}
