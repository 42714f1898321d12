package exchange.recovery.rds;

import exchange.recovery.core.RecoveryException;

/**
 * A point-in-time restore that AWS would refuse or that would not recover anything: a target outside
 * the restorable window, in the future, after the corruption, backups disabled, or a target name taken
 * by an instance that was not restored for this incident. Final.
 */
public class RestoreNotPermitted extends RecoveryException {

    public RestoreNotPermitted(String message) {
        super(message);
    }
}
