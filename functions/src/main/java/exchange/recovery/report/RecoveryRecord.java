package exchange.recovery.report;

import java.util.List;

import exchange.recovery.incident.Incident;
import exchange.recovery.incident.TierOutcome;

/**
 * What a report is built from: the incident record (null when the plan stopped before opening it), the
 * tier outcomes the plan recorded in it, the execution with its nested executions, and, when someone
 * collected them, the notifications delivered to subscribers (otherwise the plan's publish steps are used).
 */
public record RecoveryRecord(Incident incident, List<TierOutcome> tierOutcomes, ExecutionTrace execution,
                             List<ReportNotification> deliveredNotifications) {

    public RecoveryRecord {
        tierOutcomes = tierOutcomes == null ? List.of() : List.copyOf(tierOutcomes);
        deliveredNotifications = deliveredNotifications == null ? null : List.copyOf(deliveredNotifications);
    }
}
