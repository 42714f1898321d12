package exchange.recovery.router;

import exchange.recovery.core.RecoveryException;

/** Step Functions refused to start the recovery for a reason a retry cannot fix (no such plan, bad input). */
public class RecoveryNotStarted extends RecoveryException {

    public RecoveryNotStarted(String message, Throwable cause) {
        super(message, cause);
    }
}
