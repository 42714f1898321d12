package exchange.recovery.incident;

import java.time.Instant;

import exchange.recovery.core.Published;

/** What started a recovery: an alarm's state change, or an operator from the console. */
@Published("Part of the incident record the recovery report shows (what raised the incident).")
public record IncidentTrigger(String source, String alarmName, String reason, Instant stateChangeTime) {

    public static final String ALARM = "ALARM";
    public static final String CONSOLE = "CONSOLE";
}
