package exchange.recovery.rds;

import exchange.recovery.core.RecoveryException;

/**
 * The instances do not look like any state a cut-over passes through (a name taken by an unknown
 * instance, the original or the restored instance missing): nothing is changed and an operator decides.
 * Final.
 */
public class CutOverConflict extends RecoveryException {

    public CutOverConflict(String message) {
        super(message);
    }
}
