package exchange.recovery.rds;

/**
 * Input of the failover step.
 *
 * @param incidentId the incident this failover belongs to (makes the step idempotent)
 * @param instanceId the Multi-AZ instance; the configured exchange database when absent
 * @param affectedAvailabilityZone the AZ in trouble, when known: no failover is requested when the
 *        primary already runs elsewhere, and none is allowed into it
 */
public record FailoverRequest(String incidentId, String instanceId, String affectedAvailabilityZone) {
}
