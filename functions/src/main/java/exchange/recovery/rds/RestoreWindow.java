package exchange.recovery.rds;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The times an instance can be restored to, as RDS would judge them: not before the backup retention
 * period (nor before the instance existed, nor before the earliest time its automated backups report),
 * not after {@code LatestRestorableTime}.
 */
public record RestoreWindow(Instant earliest, Instant latest, int retentionDays) {

    /**
     * @throws RestoreNotPermitted when automated backups are disabled or RDS reports no restorable time
     */
    public static RestoreWindow of(DBInstance source, Instant now, Optional<Instant> earliestFromBackups) {
        String id = source.dbInstanceIdentifier();
        Integer retention = source.backupRetentionPeriod();
        if (retention == null || retention <= 0) {
            throw new RestoreNotPermitted(id + " has automated backups disabled (backup retention 0):"
                    + " there is nothing to restore to a point in time from");
        }
        if (source.latestRestorableTime() == null) {
            throw new RestoreNotPermitted(id + " reports no latest restorable time yet: its first backup is not complete");
        }
        Instant earliest = now.minus(Duration.ofDays(retention));
        if (source.instanceCreateTime() != null && source.instanceCreateTime().isAfter(earliest)) {
            earliest = source.instanceCreateTime();
        }
        if (earliestFromBackups.isPresent() && earliestFromBackups.get().isAfter(earliest)) {
            earliest = earliestFromBackups.get();
        }
        return new RestoreWindow(earliest, source.latestRestorableTime(), retention);
    }
}
