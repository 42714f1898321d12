package exchange.recovery.rds;

import java.time.Duration;
import java.time.Instant;

import exchange.recovery.core.InvalidInput;

/**
 * The time a restore goes back to, chosen from a {@link RestoreRequest} and checked against the
 * {@link RestoreWindow} the way RDS checks it, plus one check RDS cannot make: a restore that does not
 * go back before the corruption recovers nothing.
 *
 * @param rpoReference the time data is recovered up to at best: the corruption time when known,
 *        otherwise the moment the restore was requested
 */
public record RestoreTarget(Instant restoreTime, Instant corruptionTime, Instant rpoReference) {

    public static RestoreTarget resolve(RestoreRequest request, RestoreWindow window, Instant now, Duration defaultMargin) {
        if (request.restoreTime() != null && request.latestRequested()) {
            throw new InvalidInput("give restoreTime or useLatestRestorableTime, not both");
        }
        Instant corruption = request.corruptionTime();
        if (corruption != null && corruption.isAfter(now)) {
            throw new RestoreNotPermitted("the corruption time " + corruption + " is in the future (now " + now + ")");
        }
        Duration margin = request.safetyMarginSeconds() == null ? defaultMargin : Duration.ofSeconds(request.safetyMarginSeconds());
        if (margin.isNegative()) {
            throw new InvalidInput("safetyMarginSeconds must not be negative");
        }
        Instant target;
        if (request.restoreTime() != null) {
            target = request.restoreTime();
        } else if (request.latestRequested()) {
            target = window.latest();
        } else if (corruption != null) {
            target = corruption.minus(margin);
        } else {
            throw new InvalidInput("give restoreTime, corruptionTime (restores to just before it) or useLatestRestorableTime");
        }
        if (target.isAfter(now)) {
            throw new RestoreNotPermitted("restore time " + target + " is in the future (now " + now + ")");
        }
        if (target.isAfter(window.latest())) {
            throw new RestoreNotPermitted("restore time " + target + " is after the latest restorable time " + window.latest());
        }
        if (target.isBefore(window.earliest())) {
            throw new RestoreNotPermitted("restore time " + target + " is before the earliest restorable time " + window.earliest()
                    + " (backup retention " + window.retentionDays() + " days)");
        }
        if (corruption != null && !target.isBefore(corruption)) {
            throw new RestoreNotPermitted("restore time " + target + " is not before the corruption at " + corruption
                    + ": the restored database would hold the corruption");
        }
        return new RestoreTarget(target, corruption, corruption != null ? corruption : now);
    }

    public Duration rpo() {
        return Duration.between(restoreTime, rpoReference);
    }
}
