package exchange.recovery.rds;

import exchange.recovery.core.RecoveryException;

/** No DB instance has this identifier in the account and region. Final. */
public class InstanceNotFound extends RecoveryException {

    private final String instanceId;

    public InstanceNotFound(String instanceId) {
        super("DB instance not found: " + instanceId);
        this.instanceId = instanceId;
    }

    public String instanceId() {
        return instanceId;
    }
}
