package exchange.recovery.rds;

import java.util.Set;

import software.amazon.awssdk.services.rds.model.DBInstance;

/** What recovery needs to know about a DB instance's status and endpoint. */
final class Instances {

    static final String AVAILABLE = "available";

    /** States an instance does not leave by itself: waiting for {@code available} would be in vain. */
    private static final Set<String> TERMINAL = Set.of(
            "failed", "restore-error", "storage-full", "incompatible-restore", "incompatible-parameters",
            "incompatible-network", "incompatible-option-group", "incompatible-credentials",
            "inaccessible-encryption-credentials", "inaccessible-encryption-credentials-recoverable",
            "insufficient-capacity", "stopped", "stopping", "deleting", "deleted");

    private Instances() {
    }

    static boolean isAvailable(DBInstance instance) {
        return AVAILABLE.equals(instance.dbInstanceStatus());
    }

    static boolean isTerminal(DBInstance instance) {
        return instance.dbInstanceStatus() != null && TERMINAL.contains(instance.dbInstanceStatus());
    }

    /** The endpoint, or a predicted one while RDS has not published it yet (see {@link #predictedAddress}). */
    static DbEndpoint endpoint(DBInstance instance, String fallbackAddress) {
        String address = instance.endpoint() != null && instance.endpoint().address() != null
                ? instance.endpoint().address() : fallbackAddress;
        Integer port = instance.endpoint() != null && instance.endpoint().port() != null
                ? instance.endpoint().port() : instance.dbInstancePort();
        return new DbEndpoint(instance.dbInstanceIdentifier(), address, port == null ? 0 : port, instance.dbName());
    }

    static DbEndpoint endpoint(DBInstance instance) {
        return endpoint(instance, null);
    }

    /**
     * RDS names an instance's endpoint {@code <identifier>.<suffix>}, where the suffix is the same for
     * every instance of the account in the region: the address another instance will have is known
     * before RDS publishes it.
     */
    static String predictedAddress(DBInstance sibling, String instanceId) {
        if (sibling.endpoint() == null || sibling.endpoint().address() == null) {
            return null;
        }
        String address = sibling.endpoint().address();
        int dot = address.indexOf('.');
        return dot < 0 ? null : instanceId + address.substring(dot);
    }
}
