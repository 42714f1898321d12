package exchange.recovery.rds;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.core.InvalidInput;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;

/**
 * Puts the restored copy in production by a rename swap, so clients keep the same endpoint name:
 * <ol>
 *   <li>the copy gets the source settings a restore cannot carry (monitoring, Performance Insights);</li>
 *   <li>the original is tagged {@code recovery:retained-for=forensics}, gets deletion protection and is
 *       renamed {@code <name>-old-<incident>} (the rename reboots it, which also drops any session
 *       still writing to the damaged data);</li>
 *   <li>the copy is renamed to the production name.</li>
 * </ol>
 * Each call looks at the three identifiers, makes at most one change, and says whether the cut-over is
 * complete or what it waits for: re-running after any partial cut-over completes it, and a state that
 * matches no step of the swap is refused ({@link CutOverConflict}) without changing anything. The
 * original instance is never deleted.
 */
public class RestoredInstanceCutOver {

    private static final Logger LOG = LogManager.getLogger(RestoredInstanceCutOver.class);

    private final RdsGateway rds;
    private final Backoff backoff;
    private final String defaultSourceId;

    public RestoredInstanceCutOver(RdsGateway rds, Backoff backoff, String defaultSourceId) {
        this.rds = rds;
        this.backoff = backoff;
        this.defaultSourceId = defaultSourceId;
    }

    public CutOverResult advance(CutOverRequest request) {
        if (request.incidentId() == null || request.incidentId().isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        String incident = request.incidentId();
        String production = RecoveryNames.instanceId(
                request.sourceInstanceId() == null || request.sourceInstanceId().isBlank() ? defaultSourceId : request.sourceInstanceId(),
                "sourceInstanceId");
        String copyId = request.restoredInstanceId() == null || request.restoredInstanceId().isBlank()
                ? RecoveryNames.restored(production, incident)
                : RecoveryNames.instanceId(request.restoredInstanceId(), "restoredInstanceId");
        if (!RecoveryNames.isRestoredCopyOf(copyId, production)) {
            throw new InvalidInput("restoredInstanceId " + copyId + " is not named as a copy of " + production
                    + " (" + production + RecoveryNames.RESTORED_INFIX + "…)");
        }
        Names names = new Names(production, RecoveryNames.retained(production, incident), copyId, incident);
        int attempt = request.attempt() == null ? 0 : Math.max(0, request.attempt());

        Optional<DBInstance> original = rds.find(names.production);
        Optional<DBInstance> retained = rds.find(names.retained);
        Optional<DBInstance> restored = rds.find(names.restored);

        if (original.isPresent() && RecoveryTags.restoredFor(original.get(), incident)) {
            return afterPromotion(names, incident, attempt, original.get(), retained);
        }
        if (original.isPresent()) {
            return beforeRetaining(names, incident, attempt, original.get(), retained, restored);
        }
        return afterRetaining(names, incident, attempt, retained, restored);
    }

    /** The production name holds the copy: done once the copy is available and the original is protected. */
    private CutOverResult afterPromotion(Names names, String incident, int attempt, DBInstance promoted,
                                         Optional<DBInstance> retained) {
        DBInstance old = retained.orElseThrow(() -> new CutOverConflict(names.production + " is the copy restored for "
                + incident + " but the original is not at " + names.retained + ": find it before going on"));
        requireRetainedFor(old, incident, names);
        if (protect(old)) {
            return pending(names, attempt, "protect-retained", "deletion protection set again on " + names.retained);
        }
        if (!Instances.isAvailable(promoted)) {
            return pending(names, attempt, "wait-promotion", names.production + " is " + promoted.dbInstanceStatus());
        }
        DbEndpoint endpoint = Instances.endpoint(promoted);
        LOG.info("Cut-over for {} complete: {} serves the restored data, the original is kept as {}",
                incident, names.production, names.retained);
        return new CutOverResult(incident, CutOverResult.COMPLETE, "complete",
                names.production + " is the restored copy; the original is retained as " + names.retained,
                attempt + 1, 0, names.production, names.retained, names.restored,
                endpoint.address(), endpoint.port() > 0 ? endpoint.port() : null, endpoint.database());
    }

    /** The production name still holds the original: prepare the copy, then retain the original. */
    private CutOverResult beforeRetaining(Names names, String incident, int attempt, DBInstance source,
                                          Optional<DBInstance> retained, Optional<DBInstance> restored) {
        DBInstance copy = restored.orElseThrow(() -> new InstanceNotFound(names.restored));
        requireRestoredFor(copy, incident);
        if (retained.isPresent()) {
            throw new CutOverConflict(names.retained + " exists while " + names.production
                    + " still holds the production name: refusing to rename over it");
        }
        if (Instances.isTerminal(copy)) {
            throw new InstanceUnusable(names.restored, copy.dbInstanceStatus());
        }
        if (!Instances.isAvailable(copy)) {
            return pending(names, attempt, "wait-restored", names.restored + " is " + copy.dbInstanceStatus());
        }
        Optional<ModifyDbInstanceRequest> alignment = SourceSettings.alignment(source, copy);
        if (alignment.isPresent()) {
            rds.modify(alignment.get());
            LOG.info("Gave {} the monitoring and Performance Insights settings of {}", names.restored, names.production);
            return pending(names, attempt, "align-settings", "monitoring and Performance Insights set on " + names.restored);
        }
        if (Instances.isTerminal(source)) {
            throw new CutOverConflict(names.production + " is " + source.dbInstanceStatus()
                    + ": it cannot be renamed; an operator must decide how to retain it");
        }
        if (!Instances.isAvailable(source)) {
            return pending(names, attempt, "wait-source", names.production + " is " + source.dbInstanceStatus());
        }
        rds.addTags(source.dbInstanceArn(), List.of(
                RecoveryTags.tag(RecoveryTags.RETAINED_FOR, RecoveryTags.FORENSICS),
                RecoveryTags.tag(RecoveryTags.ROLE, RecoveryTags.ROLE_RETAINED),
                RecoveryTags.tag(RecoveryTags.INCIDENT, incident),
                RecoveryTags.tag(RecoveryTags.REPLACED_BY, names.restored)));
        rds.modify(ModifyDbInstanceRequest.builder()
                .dbInstanceIdentifier(names.production)
                .newDBInstanceIdentifier(names.retained)
                .deletionProtection(true)
                .applyImmediately(true)
                .build());
        LOG.info("Renamed {} to {} (deletion protection on, kept for forensics) for incident {}",
                names.production, names.retained, incident);
        return pending(names, attempt, "retain-source", names.production + " renamed to " + names.retained);
    }

    /** The production name is free: the original is retained (or being renamed); promote the copy. */
    private CutOverResult afterRetaining(Names names, String incident, int attempt, Optional<DBInstance> retained,
                                         Optional<DBInstance> restored) {
        DBInstance old = retained.orElseThrow(() -> new CutOverConflict("neither " + names.production + " nor "
                + names.retained + " exists: the original instance is missing, refusing to put a copy in its place"));
        requireRetainedFor(old, incident, names);
        DBInstance copy = restored.orElseThrow(() -> new CutOverConflict("neither " + names.production + " nor "
                + names.restored + " exists: the restored copy is missing"));
        requireRestoredFor(copy, incident);
        if (protect(old)) {
            return pending(names, attempt, "protect-retained", "deletion protection set again on " + names.retained);
        }
        if (!Instances.isAvailable(old)) {
            return pending(names, attempt, "wait-source-rename", names.retained + " is " + old.dbInstanceStatus());
        }
        if (!Instances.isAvailable(copy)) {
            return pending(names, attempt, "wait-restored", names.restored + " is " + copy.dbInstanceStatus());
        }
        rds.modify(ModifyDbInstanceRequest.builder()
                .dbInstanceIdentifier(names.restored)
                .newDBInstanceIdentifier(names.production)
                .applyImmediately(true)
                .build());
        LOG.info("Renamed {} to {} for incident {}", names.restored, names.production, incident);
        return pending(names, attempt, "promote-restored", names.restored + " renamed to " + names.production);
    }

    /** Sets deletion protection when it was removed; true when a change was made. */
    private boolean protect(DBInstance retained) {
        if (Boolean.TRUE.equals(retained.deletionProtection())) {
            return false;
        }
        rds.modify(ModifyDbInstanceRequest.builder()
                .dbInstanceIdentifier(retained.dbInstanceIdentifier())
                .deletionProtection(true)
                .applyImmediately(true)
                .build());
        return true;
    }

    private static void requireRestoredFor(DBInstance copy, String incident) {
        if (!RecoveryTags.restoredFor(copy, incident)) {
            throw new CutOverConflict(copy.dbInstanceIdentifier() + " was not restored for incident " + incident
                    + ": refusing to put it in production");
        }
    }

    private static void requireRetainedFor(DBInstance old, String incident, Names names) {
        if (!RecoveryTags.has(old, RecoveryTags.INCIDENT, incident) || !RecoveryTags.has(old, RecoveryTags.ROLE, RecoveryTags.ROLE_RETAINED)) {
            throw new CutOverConflict(names.retained + " exists but was not retained by this cut-over for incident " + incident);
        }
    }

    private CutOverResult pending(Names names, int attempt, String step, String detail) {
        Duration wait = backoff.delay(attempt);
        return new CutOverResult(names.incident, CutOverResult.PENDING, step, detail, attempt + 1, (int) wait.toSeconds(),
                names.production, names.retained, names.restored, null, null, null);
    }

    private record Names(String production, String retained, String restored, String incident) {
    }
}
