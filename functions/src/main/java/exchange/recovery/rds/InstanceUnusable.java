package exchange.recovery.rds;

import exchange.recovery.core.RecoveryException;

/**
 * The instance reached a state it does not leave by itself ({@code failed}, {@code incompatible-restore},
 * {@code storage-full}, {@code inaccessible-encryption-credentials}, ...): waiting longer cannot help. Final.
 */
public class InstanceUnusable extends RecoveryException {

    public InstanceUnusable(String instanceId, String status) {
        super("DB instance " + instanceId + " is " + status + " and will not become available by itself");
    }
}
