package exchange.recovery.plan;

import java.time.Instant;
import java.util.List;

import exchange.recovery.core.Published;

/**
 * The normalised start input of the platform recovery plan (schemas/platform-recovery.input.schema.json
 * with its defaults applied): every field is present, absent optional values are null, and the scope
 * is in dependency order. {@code resume} redrives an incident: the tiers that already passed are skipped.
 */
@Published("The platform plan's input contract: the router starts plans with it.")
public record PlanInput(String incidentId, List<String> scope, String scenario, Instant restoreTime,
                        Instant corruptionDetectedAt, String requestedBy, String reason, PlanTrigger trigger,
                        boolean resume) {

    public static final String PLAN = "platform-recovery";

    public PlanInput {
        scope = List.copyOf(scope);
    }
}
