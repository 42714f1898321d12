package exchange.recovery.incident;

import java.time.Instant;

/** What started a recovery: an alarm's state change, or an operator from the console. */
public record IncidentTrigger(String source, String alarmName, String reason, Instant stateChangeTime) {

    public static final String ALARM = "ALARM";
    public static final String CONSOLE = "CONSOLE";
}
