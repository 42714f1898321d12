package exchange.recovery.router;

import java.util.List;

/**
 * What the router did with one alarm state change and why. Every field but {@code action},
 * {@code reason} and {@code alarmName} may be null when routing stopped before it was known.
 */
public record RoutingDecision(Action action, String reason, String alarmName, String alarmState, String route,
                              String scenario, List<String> scope, String scopeKey, String incidentId,
                              String executionName, String executionArn) {

    public enum Action {
        /** A recovery was started for this alarm. */
        STARTED,
        /** This alarm state change (or another of the same scope in the same minute) already started one. */
        DUPLICATE,
        /** Routed, but not started: the scope is being recovered, or was recovered too recently (flapping). */
        SUPPRESSED,
        /** Not a change to ALARM, or no route matches the alarm. */
        IGNORED
    }

    static RoutingDecision ignored(AlarmStateChange alarm, String reason) {
        return new RoutingDecision(Action.IGNORED, reason, alarm.alarmName(), alarm.state(), null, null, null, null,
                null, null, null);
    }
}
