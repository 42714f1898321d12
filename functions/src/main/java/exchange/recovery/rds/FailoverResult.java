package exchange.recovery.rds;

import java.time.Instant;

/**
 * What the failover step did and verified.
 *
 * @param action {@code failed-over} (this run requested it), {@code resumed} (an earlier run for this
 *        incident requested it; this one verified), or {@code not-needed} (the primary already runs
 *        outside the affected AZ)
 * @param primaryAzChanged whether the primary moved AZ; null when RDS reports no standby AZ to compare with
 */
public record FailoverResult(String incidentId, String instanceId, String action, Instant failoverRequestedAt,
                             String availabilityZoneBefore, String availabilityZoneAfter, Boolean primaryAzChanged,
                             String status, Instant availableAt, boolean writeVerified, String writeProbe,
                             Instant verifiedAt, String address, int port, String database, int polls) {
}
