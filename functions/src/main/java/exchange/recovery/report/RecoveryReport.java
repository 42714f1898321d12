package exchange.recovery.report;

import java.time.Instant;
import java.util.List;

/**
 * Everything a recovery report says, built from the incident record and the plan's execution history
 * ({@link RecoveryReportBuilder}) and rendered as Markdown ({@link MarkdownReport}) or as a self-contained
 * HTML page ({@link HtmlReport}). The drill and the plan's last step in AWS produce the same report.
 *
 * @param incident the incident, or null when the plan stopped before it opened one
 * @param startedAt where the report's clock starts: the alarm's state change, else the incident's opening,
 *                  else the execution's start
 * @param tiers the seed's six tiers in recovery order, reported or not
 * @param steps every state the plan and its nested plans went through, in the order they started
 * @param notificationsSource where {@code notifications} were read from, for the reader
 */
public record RecoveryReport(ReportIncident incident, ReportExecution execution, Instant startedAt,
                             List<ReportTier> tiers, List<ReportStep> steps, List<ReportApproval> approvals,
                             List<ReportNotification> notifications, String notificationsSource,
                             ReportVerdict verdict, Instant generatedAt) {

    public RecoveryReport {
        tiers = List.copyOf(tiers);
        steps = List.copyOf(steps);
        approvals = List.copyOf(approvals);
        notifications = List.copyOf(notifications);
    }

    public String incidentId() {
        return incident == null ? null : incident.incidentId();
    }

    public java.util.Optional<ReportTier> tier(String id) {
        return tiers.stream().filter(tier -> tier.tier().equals(id)).findFirst();
    }
}
