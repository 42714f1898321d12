package exchange.recovery.rds;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * Input of the point-in-time restore step. Give exactly one way to choose the target:
 * <ul>
 *   <li>{@code restoreTime}: restore to exactly this time;</li>
 *   <li>{@code corruptionTime} (also read as {@code corruptionDetectedAt} or {@code incidentTime}):
 *       restore to just before it, by the safety margin ({@code safetyMarginSeconds}, else the configured one);</li>
 *   <li>{@code useLatestRestorableTime}: the latest time RDS can restore to.</li>
 * </ul>
 * {@code corruptionTime} may accompany the other two: the target must then be before it, and it is the
 * reference of the recorded RPO.
 *
 * @param sourceInstanceId the damaged instance; the configured exchange database when absent
 */
public record RestoreRequest(String incidentId, String sourceInstanceId, Instant restoreTime,
                             @JsonAlias({"corruptionDetectedAt", "incidentTime"}) Instant corruptionTime,
                             Boolean useLatestRestorableTime, Integer safetyMarginSeconds) {

    public boolean latestRequested() {
        return Boolean.TRUE.equals(useLatestRestorableTime);
    }
}
