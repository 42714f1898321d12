package exchange.recovery.report;

import java.time.Instant;
import java.util.List;

/**
 * The incident a report covers, as its record holds it.
 *
 * @param triggerSource {@code ALARM} or {@code CONSOLE}
 * @param stateChangeTime when the alarm changed state (the start of every RTO), or null for a console start
 */
public record ReportIncident(String incidentId, String plan, List<String> scope, String triggerSource, String alarmName,
                             String triggerReason, Instant stateChangeTime, Instant openedAt, String executionId) {

    public ReportIncident {
        scope = scope == null ? List.of() : List.copyOf(scope);
    }
}
