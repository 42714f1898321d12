package exchange.recovery.report;

import java.util.List;

/** Renders a {@link RecoveryReport} as GitHub-flavoured Markdown. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(RecoveryReport report) {
        StringBuilder md = new StringBuilder();
        ReportVerdict verdict = report.verdict();
        md.append("# ").append(ReportText.title(report)).append("\n\n");
        md.append("**Verdict: ").append(ReportText.verdictLabel(verdict)).append("** — ").append(verdict.summary()).append("\n\n");
        for (String reason : verdict.reasons()) {
            md.append("- ").append(reason).append('\n');
        }
        if (verdict.redrive() != null) {
            md.append("\nAfter fixing the cause, resume the plan where it stopped:\n\n```bash\n")
                    .append(verdict.redrive()).append("\n```\n");
        }
        incident(md, report);
        tiers(md, report);
        checks(md, report, true);
        checks(md, report, false);
        approvals(md, report);
        notifications(md, report);
        timeline(md, report);
        md.append("\n---\nGenerated ").append(ReportText.time(report.generatedAt()))
                .append(" from the incident record and the execution history.\n");
        return md.toString();
    }

    private static void incident(StringBuilder md, RecoveryReport report) {
        ReportIncident incident = report.incident();
        ReportExecution execution = report.execution();
        md.append("\n## Incident\n\n| | |\n|---|---|\n");
        row(md, "Incident", incident == null ? "not opened (the plan stopped before opening it)" : code(incident.incidentId()));
        row(md, "Plan", incident == null ? execution.stateMachine() : incident.plan());
        row(md, "Trigger", cell(ReportText.trigger(incident)));
        if (incident != null && incident.stateChangeTime() != null) {
            row(md, "Alarm state change", ReportText.time(incident.stateChangeTime()));
        }
        row(md, "Incident opened", incident == null ? "—" : ReportText.time(incident.openedAt()));
        row(md, "Scope", cell(ReportText.scopeList(incident)));
        row(md, "Execution", code(execution.name()) + " on " + code(execution.stateMachine()));
        ReportText.resumedFrom(report).ifPresent(first -> row(md, "Resumes", "the incident's first execution, "
                + code(first) + ", which halted; this run skips the tiers it passed"));
        row(md, "Status", execution.status() + (execution.failedState() == null ? "" : " at " + code(execution.failedState())));
        row(md, "Started", ReportText.time(execution.startedAt()) + " (" + ReportText.offset(report, execution.startedAt()) + ")");
        row(md, "Stopped", execution.stoppedAt() == null ? "—"
                : ReportText.time(execution.stoppedAt()) + " (" + ReportText.offset(report, execution.stoppedAt()) + ")");
        if (execution.error() != null) {
            row(md, "Error", code(execution.error()) + (execution.cause() == null ? "" : " — " + cell(execution.cause())));
        }
    }

    private static void tiers(StringBuilder md, RecoveryReport report) {
        md.append("\n## Tiers\n\nRTO runs from the trigger to the moment the tier's gate passed, against the seed's objective.\n\n");
        md.append("| # | Tier | Scope | Mode | Outcome | RTO achieved | Objective | Budget | Within objective | RPO achieved |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (ReportTier tier : report.tiers()) {
            md.append("| ").append(tier.order()).append(" | ").append(tier.tier()).append(" | ").append(ReportText.scope(tier))
                    .append(" | ").append(tier.mode() == null ? "—" : tier.mode())
                    .append(" | ").append(ReportText.outcome(tier))
                    .append(" | ").append(ReportText.seconds(tier.rtoSeconds()))
                    .append(" | ").append(tier.rtoObjective())
                    .append(" | ").append(ReportText.seconds(tier.rtoBudgetSeconds()))
                    .append(" | ").append(ReportText.within(tier))
                    .append(" | ").append(ReportText.rpo(tier.rpoSeconds())).append(" |\n");
        }
    }

    private static void checks(StringBuilder md, RecoveryReport report, boolean integrity) {
        List<ReportTier> tiers = ReportText.tiersWithChecks(report, integrity);
        if (!integrity && tiers.isEmpty()) {
            return;
        }
        md.append(integrity ? "\n## Integrity checks\n\n" : "\n## Health checks\n\n");
        if (tiers.isEmpty()) {
            md.append("No integrity check was reported.\n");
            return;
        }
        for (ReportTier tier : tiers) {
            md.append("### Tier ").append(tier.order()).append(' ').append(tier.tier()).append("\n\n");
            md.append("| Check | Result | Summary | Evidence |\n|---|---|---|---|\n");
            for (ReportCheck check : integrity ? tier.integrityChecks() : tier.healthChecks()) {
                md.append("| ").append(cell(check.name())).append(" | ").append(check.passed() ? "passed" : "**FAILED**")
                        .append(" | ").append(cell(check.summary() == null ? "—" : check.summary()))
                        .append(" | ").append(code(ReportText.evidence(check.evidence()))).append(" |\n");
            }
            md.append('\n');
            if (integrity && !tier.phases().isEmpty()) {
                md.append("Reopened in phases:\n\n");
                for (ReportPhase phase : tier.phases()) {
                    md.append("- ").append(code(phase.phase())).append(" at ").append(ReportText.time(phase.at()))
                            .append(" (").append(ReportText.offset(report, phase.at())).append("), after ")
                            .append(cell(String.join(", ", phase.checks()))).append(" passed")
                            .append(ReportText.lifted(phase)).append('\n');
                }
                md.append('\n');
            }
        }
    }

    private static void approvals(StringBuilder md, RecoveryReport report) {
        md.append("\n## Approvals\n\n");
        if (report.approvals().isEmpty()) {
            md.append("The plan asked for no approval.\n");
            return;
        }
        md.append("| Approval | Tier | Outcome | Required | Approvers | Requested | Decided |\n|---|---|---|---|---|---|---|\n");
        for (ReportApproval approval : report.approvals()) {
            md.append("| ").append(cell(approval.approvalType())).append(" | ").append(ReportText.tierName(approval.tier()))
                    .append(" | ").append(cell(approval.outcome() + (approval.detail() == null ? "" : " — " + approval.detail())))
                    .append(" | ").append(approval.requiredApprovals())
                    .append(" | ").append(cell(ReportText.approvers(approval)))
                    .append(" | ").append(ReportText.time(approval.requestedAt()))
                    .append(" | ").append(ReportText.time(approval.decidedAt())).append(" |\n");
        }
    }

    private static void notifications(StringBuilder md, RecoveryReport report) {
        md.append("\n## Notifications\n\nFrom ").append(report.notificationsSource()).append(".\n\n");
        if (report.notifications().isEmpty()) {
            md.append("No notification was sent.\n");
            return;
        }
        md.append("| Sent | Topic | Subject | Message |\n|---|---|---|---|\n");
        for (ReportNotification notification : report.notifications()) {
            md.append("| ").append(ReportText.offset(report, notification.sentAt()))
                    .append(" | ").append(cell(notification.topic()))
                    .append(" | ").append(cell(notification.subject() == null ? "—" : notification.subject()))
                    .append(" | ").append(cell(abbreviate(notification.message(), 300))).append(" |\n");
        }
    }

    private static void timeline(StringBuilder md, RecoveryReport report) {
        md.append("\n## Timeline\n\nTimes are from the trigger (").append(ReportText.time(report.startedAt())).append(").\n\n");
        md.append("| Start | Tier | Step | Kind | Status | Duration | Detail |\n|---|---|---|---|---|---|---|\n");
        for (ReportStep step : report.steps()) {
            md.append("| ").append(ReportText.offset(report, step.startedAt()))
                    .append(" | ").append(ReportText.tierName(step.tier()))
                    .append(" | ").append(cell(step.state()))
                    .append(" | ").append(ReportText.kind(step))
                    .append(" | ").append(ReportText.status(step.status()))
                    .append(" | ").append(ReportText.duration(step.startedAt(), step.endedAt()))
                    .append(" | ").append(step.detail() == null ? "" : cell(abbreviate(step.detail(), 200))).append(" |\n");
        }
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    static String cell(String text) {
        if (text == null) {
            return "—";
        }
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
    }

    private static String code(String text) {
        if (text == null || "—".equals(text)) {
            return "—";
        }
        String cell = text.replace("|", "\\|").replace("\r", "").replace("\n", " ").replace("`", "'");
        return "`" + cell + "`";
    }

    private static String abbreviate(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
