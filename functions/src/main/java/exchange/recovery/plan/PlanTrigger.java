package exchange.recovery.plan;

import java.time.Instant;

import exchange.recovery.core.Published;

/**
 * What started a recovery: an alarm (its name, ARN, CloudWatch's reason, the time its state changed
 * and the routing table entry that matched it) or an operator in the console.
 */
@Published("The trigger part of the plan's input contract, which the router fills from the alarm.")
public record PlanTrigger(String source, String alarmName, String alarmArn, String reason, Instant stateChangeTime,
                          String route) {

    public static final String ALARM = "ALARM";
    public static final String CONSOLE = "CONSOLE";

    public static PlanTrigger console() {
        return new PlanTrigger(CONSOLE, null, null, null, null, null);
    }
}
