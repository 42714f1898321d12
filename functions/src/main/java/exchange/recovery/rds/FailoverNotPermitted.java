package exchange.recovery.rds;

import exchange.recovery.core.RecoveryException;

/**
 * AWS would refuse, or should not be asked, to fail this instance over: it is not Multi-AZ, not
 * {@code available}, a read replica or a cluster member. Final: retrying cannot change the instance.
 */
public class FailoverNotPermitted extends RecoveryException {

    public FailoverNotPermitted(String message) {
        super(message);
    }
}
