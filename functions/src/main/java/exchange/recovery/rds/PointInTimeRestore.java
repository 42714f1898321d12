package exchange.recovery.rds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.core.InvalidInput;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Starts a point-in-time restore of the exchange database into a new instance named for the incident
 * ({@link RecoveryNames#restored}), after checking the target time as RDS would (the emulator checks
 * nothing), with every source setting carried over ({@link SourceSettings}).
 *
 * <p>Idempotent: when the copy for this incident exists already (under its restore name, or under the
 * production name after cut-over) it is reported again, with the restore time and RPO recorded in its
 * tags; a name taken by any other instance is refused.
 */
public class PointInTimeRestore {

    private static final Logger LOG = LogManager.getLogger(PointInTimeRestore.class);

    private final RdsGateway rds;
    private final Clock clock;
    private final Duration defaultSafetyMargin;
    private final String defaultSourceId;

    public PointInTimeRestore(RdsGateway rds, Clock clock, Duration defaultSafetyMargin, String defaultSourceId) {
        this.rds = rds;
        this.clock = clock;
        this.defaultSafetyMargin = defaultSafetyMargin;
        this.defaultSourceId = defaultSourceId;
    }

    public RestoreResult start(RestoreRequest request) {
        if (request.incidentId() == null || request.incidentId().isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        String sourceId = RecoveryNames.instanceId(
                request.sourceInstanceId() == null || request.sourceInstanceId().isBlank() ? defaultSourceId : request.sourceInstanceId(),
                "sourceInstanceId");
        String targetId = RecoveryNames.restored(sourceId, request.incidentId(), request.restoreTime());

        Optional<DBInstance> existing = rds.find(targetId);
        if (existing.isPresent()) {
            return reuse(existing.get(), request.incidentId(), sourceId);
        }
        DBInstance source = rds.require(sourceId);
        if (RecoveryTags.restoredFor(source, request.incidentId())) {
            // Cut over already: the copy carries the production name now.
            return reuse(source, request.incidentId(), RecoveryTags.find(source, RecoveryTags.RESTORED_FROM).orElse(sourceId));
        }

        Instant now = clock.instant();
        RestoreWindow window = RestoreWindow.of(source, now, rds.earliestRestorableTime(source));
        RestoreTarget target = RestoreTarget.resolve(request, window, now, defaultSafetyMargin);

        List<Tag> recoveryTags = new ArrayList<>(List.of(
                RecoveryTags.tag(RecoveryTags.INCIDENT, request.incidentId()),
                RecoveryTags.tag(RecoveryTags.ROLE, RecoveryTags.ROLE_RESTORED),
                RecoveryTags.tag(RecoveryTags.RESTORED_FROM, sourceId),
                RecoveryTags.tag(RecoveryTags.RESTORE_TIME, target.restoreTime().toString()),
                RecoveryTags.tag(RecoveryTags.RPO_REFERENCE_TIME, target.rpoReference().toString())));
        if (target.corruptionTime() != null) {
            recoveryTags.add(RecoveryTags.tag(RecoveryTags.CORRUPTION_TIME, target.corruptionTime().toString()));
        }
        SourceSettings.Carried carried = SourceSettings.restoreRequest(source, targetId, target.restoreTime(), recoveryTags);
        DBInstance restored;
        try {
            restored = rds.restoreToPointInTime(carried.request());
        } catch (RdsRequestRejected rejected) {
            // Two deliveries of the same step may race; the loser finds the winner's copy.
            Optional<DBInstance> raced = rds.find(targetId);
            if (raced.isPresent() && RecoveryTags.restoredFor(raced.get(), request.incidentId())) {
                return reuse(raced.get(), request.incidentId(), sourceId);
            }
            throw rejected;
        }
        LOG.info("Restoring {} to {} as {} for incident {} (window {} .. {}, RPO {})", sourceId, target.restoreTime(),
                targetId, request.incidentId(), window.earliest(), window.latest(), target.rpo());
        DbEndpoint endpoint = Instances.endpoint(restored, Instances.predictedAddress(source, targetId));
        return new RestoreResult(request.incidentId(), sourceId, targetId, restored.dbInstanceStatus(), false,
                target.restoreTime(), target.corruptionTime(), target.rpoReference(), seconds(target.rpo()),
                target.rpo().toString(), endpoint.address(), endpoint.port(), endpoint.database(), carried.settings());
    }

    private RestoreResult reuse(DBInstance copy, String incidentId, String sourceId) {
        if (!RecoveryTags.restoredFor(copy, incidentId) || !RecoveryTags.has(copy, RecoveryTags.RESTORED_FROM, sourceId)) {
            throw new RestoreNotPermitted("instance " + copy.dbInstanceIdentifier() + " exists but was not restored from "
                    + sourceId + " for incident " + incidentId + ": refusing to use or replace it");
        }
        Instant restoredTo = tagTime(copy, RecoveryTags.RESTORE_TIME).orElseThrow(() -> new RestoreNotPermitted(
                "instance " + copy.dbInstanceIdentifier() + " has no " + RecoveryTags.RESTORE_TIME + " tag"));
        Instant corruption = tagTime(copy, RecoveryTags.CORRUPTION_TIME).orElse(null);
        Instant reference = tagTime(copy, RecoveryTags.RPO_REFERENCE_TIME).orElse(corruption != null ? corruption : restoredTo);
        Duration rpo = Duration.between(restoredTo, reference);
        LOG.info("Instance {} was already restored from {} for incident {}: reusing it ({})",
                copy.dbInstanceIdentifier(), sourceId, incidentId, copy.dbInstanceStatus());
        DbEndpoint endpoint = Instances.endpoint(copy, copy.endpoint() == null || copy.endpoint().address() == null
                ? rds.find(sourceId).map(source -> Instances.predictedAddress(source, copy.dbInstanceIdentifier())).orElse(null)
                : null);
        return new RestoreResult(incidentId, sourceId, copy.dbInstanceIdentifier(), copy.dbInstanceStatus(), true,
                restoredTo, corruption, reference, seconds(rpo), rpo.toString(),
                endpoint.address(), endpoint.port(), endpoint.database(), List.of());
    }

    private static Optional<Instant> tagTime(DBInstance instance, String key) {
        return RecoveryTags.find(instance, key).flatMap(text -> {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
