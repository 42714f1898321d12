package exchange.recovery.rds;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.RecoveryException;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Fails a Multi-AZ instance over to its standby (reboot with {@code ForceFailover}) and verifies the
 * new primary: the instance is {@code available} again and a {@link WriteProbe} commits nothing but
 * proves writes are accepted.
 *
 * <p>Refused ({@link FailoverNotPermitted}) as AWS would refuse, or as it should not be asked: not
 * Multi-AZ, not {@code available}, a read replica or a cluster member. When the request names the
 * affected AZ and the primary already runs elsewhere (RDS failed over by itself, or only the standby's
 * AZ is down), no failover is requested: it would move the primary into the outage. Verification means:
 * available again, in the former standby's AZ when RDS reported one, and accepting writes.
 *
 * <p>Idempotent per incident: the instance is tagged with the incident before the reboot is requested,
 * so a re-run (a Lambda retry, a redrive, {@link FailoverNotVerified} retried by the plan) verifies
 * without failing over a second time. Verification polls with backoff until a deadline inside the
 * invocation (a Multi-AZ failover takes one to two minutes).
 */
public class RdsFailover {

    private static final Logger LOG = LogManager.getLogger(RdsFailover.class);
    static final String FAILOVER_FROM_AZ = RecoveryTags.PREFIX + "failover-from-az";
    static final String FAILOVER_TO_AZ = RecoveryTags.PREFIX + "failover-to-az";

    private final RdsGateway rds;
    private final WriteProbe probe;
    private final Waiter waiter;
    private final Duration verifyWithin;
    private final String defaultInstanceId;

    public RdsFailover(RdsGateway rds, WriteProbe probe, Waiter waiter, Duration verifyWithin, String defaultInstanceId) {
        this.rds = rds;
        this.probe = probe;
        this.waiter = waiter;
        this.verifyWithin = verifyWithin;
        this.defaultInstanceId = defaultInstanceId;
    }

    public FailoverResult failOver(FailoverRequest request) {
        if (request.incidentId() == null || request.incidentId().isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        String instanceId = RecoveryNames.instanceId(
                request.instanceId() == null || request.instanceId().isBlank() ? defaultInstanceId : request.instanceId(),
                "instanceId");
        DBInstance before = rds.require(instanceId);
        String action;
        Instant requestedAt;
        String azBefore;
        String expectedAz;
        if (RecoveryTags.has(before, RecoveryTags.FAILOVER_INCIDENT, request.incidentId())) {
            action = "resumed";
            requestedAt = RecoveryTags.find(before, RecoveryTags.FAILOVER_REQUESTED_AT).flatMap(RdsFailover::instant).orElse(null);
            azBefore = RecoveryTags.find(before, FAILOVER_FROM_AZ).orElse(null);
            expectedAz = RecoveryTags.find(before, FAILOVER_TO_AZ).orElse(null);
            LOG.info("Failover of {} was requested earlier for incident {}: verifying only", instanceId, request.incidentId());
        } else if (alreadyOutsideAffectedAz(before, request.affectedAvailabilityZone())) {
            action = "not-needed";
            requestedAt = null;
            azBefore = before.availabilityZone();
            expectedAz = null;
            LOG.info("Primary of {} runs in {}, outside the affected {}: no failover requested",
                    instanceId, before.availabilityZone(), request.affectedAvailabilityZone());
        } else {
            checkPermitted(before);
            action = "failed-over";
            requestedAt = waiter.clock().instant();
            azBefore = before.availabilityZone();
            expectedAz = before.secondaryAvailabilityZone();
            requestFailover(before, request.incidentId(), requestedAt);
        }
        return verify(request.incidentId(), instanceId, action, requestedAt, azBefore, expectedAz);
    }

    private static boolean alreadyOutsideAffectedAz(DBInstance instance, String affectedAz) {
        return affectedAz != null && !affectedAz.isBlank() && Instances.isAvailable(instance)
                && instance.availabilityZone() != null && !affectedAz.equals(instance.availabilityZone());
    }

    private static void checkPermitted(DBInstance instance) {
        String id = instance.dbInstanceIdentifier();
        if (instance.dbClusterIdentifier() != null) {
            throw new FailoverNotPermitted(id + " belongs to DB cluster " + instance.dbClusterIdentifier()
                    + ": a cluster fails over as a whole (FailoverDBCluster), which this step does not do");
        }
        if (instance.readReplicaSourceDBInstanceIdentifier() != null || instance.readReplicaSourceDBClusterIdentifier() != null) {
            throw new FailoverNotPermitted(id + " is a read replica: promote it or fail over its source instead");
        }
        if (!Boolean.TRUE.equals(instance.multiAZ())) {
            throw new FailoverNotPermitted(id + " is not Multi-AZ: it has no standby to fail over to;"
                    + " recover it by point-in-time restore instead");
        }
        if (!Instances.isAvailable(instance)) {
            throw new FailoverNotPermitted(id + " is " + instance.dbInstanceStatus()
                    + ": RDS reboots (with failover) only an available instance");
        }
    }

    private void requestFailover(DBInstance instance, String incidentId, Instant requestedAt) {
        List<Tag> marker = new ArrayList<>(List.of(
                RecoveryTags.tag(RecoveryTags.FAILOVER_INCIDENT, incidentId),
                RecoveryTags.tag(RecoveryTags.FAILOVER_REQUESTED_AT, requestedAt.toString())));
        if (instance.availabilityZone() != null) {
            marker.add(RecoveryTags.tag(FAILOVER_FROM_AZ, instance.availabilityZone()));
        }
        if (instance.secondaryAvailabilityZone() != null) {
            marker.add(RecoveryTags.tag(FAILOVER_TO_AZ, instance.secondaryAvailabilityZone()));
        }
        // Marked first: a re-run never requests a second failover, even if this invocation dies right after the reboot.
        rds.addTags(instance.dbInstanceArn(), marker);
        try {
            rds.rebootWithFailover(instance.dbInstanceIdentifier());
            LOG.info("Requested failover of {} (primary in {}, standby in {}) for incident {}",
                    instance.dbInstanceIdentifier(), instance.availabilityZone(), instance.secondaryAvailabilityZone(), incidentId);
        } catch (RecoveryException refused) {
            try {
                rds.removeTags(instance.dbInstanceArn(), marker.stream().map(Tag::key).toList());
            } catch (RecoveryException cleanup) {
                refused.addSuppressed(cleanup);
            }
            throw refused;
        }
    }

    private FailoverResult verify(String incidentId, String instanceId, String action, Instant requestedAt,
                                  String azBefore, String expectedAz) {
        Instant deadline = waiter.clock().instant().plus(verifyWithin);
        AtomicReference<DBInstance> last = new AtomicReference<>();
        Waiter.Outcome<DBInstance> available = waiter.until(deadline, () -> {
            DBInstance now = rds.require(instanceId);
            last.set(now);
            if (Instances.isTerminal(now)) {
                throw new InstanceUnusable(instanceId, now.dbInstanceStatus());
            }
            boolean promoted = expectedAz == null || expectedAz.equals(now.availabilityZone());
            return Instances.isAvailable(now) && promoted ? Optional.of(now) : Optional.empty();
        });
        if (!available.succeeded()) {
            DBInstance seen = last.get();
            String where = Instances.isAvailable(seen) ? "available but its primary is still in " + seen.availabilityZone()
                    + " (expected " + expectedAz + ")" : "still " + seen.dbInstanceStatus();
            throw new FailoverNotVerified(instanceId + " is " + where + " after " + verifyWithin.toSeconds()
                    + " s; run the step again to keep verifying");
        }
        DBInstance instance = available.value().orElseThrow();
        Instant availableAt = available.endedAt();
        DbEndpoint endpoint = Instances.endpoint(instance);
        AtomicReference<WriteProbe.Result> lastProbe = new AtomicReference<>();
        Waiter.Outcome<WriteProbe.Result> writes = waiter.until(deadline, () -> {
            WriteProbe.Result result = probe.probe(endpoint);
            lastProbe.set(result);
            return result.writable() ? Optional.of(result) : Optional.empty();
        });
        if (!writes.succeeded()) {
            throw new FailoverNotVerified(instanceId + " is available but does not accept writes yet: "
                    + lastProbe.get().detail());
        }
        String azAfter = instance.availabilityZone();
        Boolean azChanged = azBefore == null || "not-needed".equals(action) ? null : !Objects.equals(azBefore, azAfter);
        LOG.info("{} verified after failover ({}): available at {}, {}", instanceId, action, availableAt,
                writes.value().orElseThrow().detail());
        return new FailoverResult(incidentId, instanceId, action, requestedAt, azBefore, azAfter, azChanged,
                instance.dbInstanceStatus(), availableAt, true, writes.value().orElseThrow().detail(), writes.endedAt(),
                endpoint.address(), endpoint.port(), endpoint.database(), available.polls() + writes.polls());
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
