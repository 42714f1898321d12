package exchange.recovery.plan;

import java.time.Instant;
import java.util.List;

import exchange.recovery.core.Published;

/**
 * The normalised start input of the platform recovery plan (schemas/platform-recovery.input.schema.json
 * with its defaults applied): every field is present, absent optional values are null, and the scope
 * is in dependency order. {@code resume} redrives an incident: the tiers that already passed are skipped.
 * {@code affectedAvailabilityZone} is the zone in trouble, when known: the database failover keeps the
 * primary out of it.
 */
@Published("The plan's start contract: the alarm router starts plans with this input")
public record PlanInput(String incidentId, List<String> scope, String scenario, Instant restoreTime,
                        Instant corruptionDetectedAt, String requestedBy, String reason, PlanTrigger trigger,
                        boolean resume, String affectedAvailabilityZone) {

    public static final String PLAN = "platform-recovery";

    public PlanInput {
        scope = List.copyOf(scope);
    }
}
