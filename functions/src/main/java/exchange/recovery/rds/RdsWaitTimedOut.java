package exchange.recovery.rds;

import exchange.recovery.core.RecoveryException;

/**
 * An instance did not become available within the wait's deadline. Final for the step that waits:
 * the deadline is the plan's bound, and an operator decides whether to wait longer (redrive).
 */
public class RdsWaitTimedOut extends RecoveryException {

    public RdsWaitTimedOut(String message) {
        super(message);
    }
}
