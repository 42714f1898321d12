package exchange.recovery.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link RecoveryReport} as one self-contained HTML page: inline CSS and an inline SVG timeline
 * chart, no script and no external asset, so that it can be mailed, archived or opened from S3 as it is.
 */
public final class HtmlReport {

    /** States that only route or shape data: instantaneous, left out of the chart (the table keeps them). */
    private static final java.util.Set<StepKind> BOOKKEEPING = java.util.EnumSet.of(StepKind.CHOICE, StepKind.PASS, StepKind.SUCCEED);
    private static final int LABEL_WIDTH = 300;
    private static final int PLOT_WIDTH = 620;
    private static final int ROW = 18;
    private static final int AXIS = 40;

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;margin:2rem auto;max-width:1000px;padding:0 1rem}
            h1{font-size:1.5rem;margin-bottom:.3rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
            h3{font-size:1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}
            th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f3f5f7}
            code{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;background:#f3f5f7;padding:0 .2rem;word-break:break-all}
            .verdict{border-radius:6px;padding:.8rem 1rem;margin:1rem 0;border:1px solid}
            .RECOVERED{background:#e8f5e9;border-color:#2e7d32}.OBJECTIVE_MISSED{background:#fff3e0;border-color:#ef6c00}
            .HALTED{background:#ffebee;border-color:#c62828}.NOT_MEASURED,.IN_PROGRESS{background:#e3f2fd;border-color:#1565c0}
            .verdict strong{font-size:1.1rem}.pass{color:#2e7d32}.fail{color:#c62828;font-weight:600}.muted{color:#6a737d}
            pre{background:#f3f5f7;padding:.5rem;overflow-x:auto}svg{max-width:100%;height:auto}
            svg text{font:11px system-ui,sans-serif;fill:#1d232a}
            """;

    private HtmlReport() {
    }

    public static String render(RecoveryReport report) {
        StringBuilder html = new StringBuilder(16_384);
        String title = ReportText.title(report);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n");
        verdict(html, report);
        incident(html, report);
        tiers(html, report);
        chart(html, report);
        checks(html, report, true);
        checks(html, report, false);
        approvals(html, report);
        notifications(html, report);
        timeline(html, report);
        html.append("<p class=\"muted\">Generated ").append(escape(ReportText.time(report.generatedAt())))
                .append(" from the incident record and the execution history.</p>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void verdict(StringBuilder html, RecoveryReport report) {
        ReportVerdict verdict = report.verdict();
        html.append("<div class=\"verdict ").append(verdict.outcome().name()).append("\"><strong>Verdict: ")
                .append(escape(ReportText.verdictLabel(verdict))).append("</strong> — ").append(escape(verdict.summary()))
                .append("\n<ul>\n");
        for (String reason : verdict.reasons()) {
            html.append("<li>").append(escape(reason)).append("</li>\n");
        }
        html.append("</ul>\n");
        if (verdict.redrive() != null) {
            html.append("<p>After fixing the cause, resume the plan where it stopped:</p>\n<pre><code>")
                    .append(escape(verdict.redrive())).append("</code></pre>\n");
        }
        html.append("</div>\n");
    }

    private static void incident(StringBuilder html, RecoveryReport report) {
        ReportIncident incident = report.incident();
        ReportExecution execution = report.execution();
        html.append("<h2>Incident</h2>\n<table>\n");
        row(html, "Incident", incident == null ? "not opened (the plan stopped before opening it)" : code(incident.incidentId()));
        row(html, "Plan", escape(incident == null ? execution.stateMachine() : incident.plan()));
        row(html, "Trigger", escape(ReportText.trigger(incident)));
        if (incident != null && incident.stateChangeTime() != null) {
            row(html, "Alarm state change", escape(ReportText.time(incident.stateChangeTime())));
        }
        row(html, "Incident opened", escape(incident == null ? "—" : ReportText.time(incident.openedAt())));
        row(html, "Scope", escape(ReportText.scopeList(incident)));
        row(html, "Execution", code(execution.name()) + " on " + code(execution.stateMachine()));
        ReportText.resumedFrom(report).ifPresent(first -> row(html, "Resumes", "the incident's first execution, "
                + code(first) + ", which halted; this run skips the tiers it passed"));
        row(html, "Status", escape(execution.status()) + (execution.failedState() == null ? "" : " at " + code(execution.failedState())));
        row(html, "Started", escape(ReportText.time(execution.startedAt()) + " (" + ReportText.offset(report, execution.startedAt()) + ")"));
        row(html, "Stopped", escape(execution.stoppedAt() == null ? "—"
                : ReportText.time(execution.stoppedAt()) + " (" + ReportText.offset(report, execution.stoppedAt()) + ")"));
        if (execution.error() != null) {
            row(html, "Error", code(execution.error()) + (execution.cause() == null ? "" : " — " + escape(execution.cause())));
        }
        html.append("</table>\n");
    }

    private static void tiers(StringBuilder html, RecoveryReport report) {
        html.append("<h2>Tiers</h2>\n<p>RTO runs from the trigger to the moment the tier's gate passed, against the seed's objective.</p>\n")
                .append("<table>\n<tr><th>#</th><th>Tier</th><th>Scope</th><th>Mode</th><th>Outcome</th><th>RTO achieved</th>")
                .append("<th>Objective</th><th>Budget</th><th>Within objective</th><th>RPO achieved</th></tr>\n");
        for (ReportTier tier : report.tiers()) {
            String within = ReportText.within(tier);
            html.append("<tr><td>").append(tier.order()).append("</td><td>").append(escape(tier.tier()))
                    .append("</td><td>").append(escape(ReportText.scope(tier)))
                    .append("</td><td>").append(escape(tier.mode() == null ? "—" : tier.mode()))
                    .append("</td><td").append("FAILED".equals(tier.outcome()) ? " class=\"fail\"" : tier.reported() ? "" : " class=\"muted\"")
                    .append('>').append(escape(ReportText.outcome(tier)))
                    .append("</td><td>").append(escape(ReportText.seconds(tier.rtoSeconds())))
                    .append("</td><td>").append(escape(tier.rtoObjective()))
                    .append("</td><td>").append(escape(ReportText.seconds(tier.rtoBudgetSeconds())))
                    .append("</td><td").append("no".equals(within) ? " class=\"fail\"" : "yes".equals(within) ? " class=\"pass\"" : "")
                    .append('>').append(within)
                    .append("</td><td>").append(escape(ReportText.rpo(tier.rpoSeconds()))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /**
     * A Gantt-like chart: one bar per tier the plan reported, then one per step that does something (calls,
     * gates, waits, nested plans), on a shared clock from the trigger.
     */
    private static void chart(StringBuilder html, RecoveryReport report) {
        Instant origin = report.startedAt();
        List<Bar> bars = new ArrayList<>();
        for (ReportTier tier : report.tiers()) {
            if (tier.reported() && tier.startedAt() != null && tier.endedAt() != null) {
                bars.add(new Bar("Tier " + tier.order() + " " + tier.tier() + " — " + tier.outcome(), tier.startedAt(),
                        tier.endedAt(), "FAILED".equals(tier.outcome()) ? "FAILED" : "TIER",
                        "RTO " + ReportText.seconds(tier.rtoSeconds()) + ", budget " + ReportText.seconds(tier.rtoBudgetSeconds())));
            }
        }
        Instant end = report.execution().stoppedAt() != null ? report.execution().stoppedAt() : report.generatedAt();
        for (ReportStep step : report.steps()) {
            if (step.startedAt() == null || BOOKKEEPING.contains(step.kind())) {
                continue;
            }
            Instant stop = step.endedAt() != null ? step.endedAt() : end;
            bars.add(new Bar(ReportText.tierName(step.tier()) + " · " + step.state(), step.startedAt(), stop,
                    step.status(), step.kind().label() + ", " + step.status() + ", " + ReportText.duration(step.startedAt(), stop)));
        }
        html.append("<h2>Timeline chart</h2>\n");
        if (bars.isEmpty() || origin == null) {
            html.append("<p class=\"muted\">No step was recorded.</p>\n");
            return;
        }
        Instant last = origin;
        for (Bar bar : bars) {
            if (bar.end().isAfter(last)) {
                last = bar.end();
            }
        }
        double span = Math.max(1, Duration.between(origin, last).toMillis());
        int height = AXIS + bars.size() * ROW + 8;
        int width = LABEL_WIDTH + PLOT_WIDTH + 20;
        html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Recovery timeline\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\">\n");
        for (int tick = 0; tick <= 4; tick++) {
            double x = LABEL_WIDTH + PLOT_WIDTH * tick / 4.0;
            html.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(AXIS - 6).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(height - 4).append("\" stroke=\"#d0d7de\"/>\n");
            html.append("<text x=\"").append(fmt(x)).append("\" y=\"14\" text-anchor=\"middle\">+")
                    .append(escape(Durations.format(Duration.ofMillis(Math.round(span * tick / 4))))).append("</text>\n");
        }
        html.append("<text x=\"").append(LABEL_WIDTH + 3).append("\" y=\"").append(AXIS - 8)
                .append("\" text-anchor=\"start\">▾ trigger (alarm state change or console start)</text>\n");
        int y = AXIS;
        for (Bar bar : bars) {
            double x = LABEL_WIDTH + PLOT_WIDTH * Duration.between(origin, bar.start()).toMillis() / span;
            double w = Math.max(2, PLOT_WIDTH * Duration.between(bar.start(), bar.end()).toMillis() / span);
            html.append("<text x=\"").append(LABEL_WIDTH - 6).append("\" y=\"").append(y + 12)
                    .append("\" text-anchor=\"end\">").append(escape(abbreviate(bar.label(), 46))).append("</text>\n");
            html.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(y + 3).append("\" width=\"").append(fmt(w))
                    .append("\" height=\"").append(ROW - 6).append("\" rx=\"2\" fill=\"").append(colour(bar.status()))
                    .append("\"><title>").append(escape(bar.label() + ": " + bar.tooltip())).append("</title></rect>\n");
            y += ROW;
        }
        html.append("</svg>\n");
    }

    private static void checks(StringBuilder html, RecoveryReport report, boolean integrity) {
        List<ReportTier> tiers = ReportText.tiersWithChecks(report, integrity);
        if (!integrity && tiers.isEmpty()) {
            return;
        }
        html.append(integrity ? "<h2>Integrity checks</h2>\n" : "<h2>Health checks</h2>\n");
        if (tiers.isEmpty()) {
            html.append("<p class=\"muted\">No integrity check was reported.</p>\n");
            return;
        }
        for (ReportTier tier : tiers) {
            html.append("<h3>Tier ").append(tier.order()).append(' ').append(escape(tier.tier())).append("</h3>\n<table>\n")
                    .append("<tr><th>Check</th><th>Result</th><th>Summary</th><th>Evidence</th></tr>\n");
            for (ReportCheck check : integrity ? tier.integrityChecks() : tier.healthChecks()) {
                html.append("<tr><td>").append(escape(check.name())).append("</td><td class=\"")
                        .append(check.passed() ? "pass\">passed" : "fail\">FAILED").append("</td><td>")
                        .append(escape(check.summary() == null ? "—" : check.summary())).append("</td><td>")
                        .append(code(ReportText.evidence(check.evidence()))).append("</td></tr>\n");
            }
            html.append("</table>\n");
            if (integrity && !tier.phases().isEmpty()) {
                html.append("<p>Reopened in phases:</p>\n<ul>\n");
                for (ReportPhase phase : tier.phases()) {
                    html.append("<li>").append(code(phase.phase())).append(" at ").append(escape(ReportText.time(phase.at())))
                            .append(" (").append(escape(ReportText.offset(report, phase.at()))).append("), after ")
                            .append(escape(String.join(", ", phase.checks()))).append(" passed")
                            .append(escape(ReportText.lifted(phase))).append("</li>\n");
                }
                html.append("</ul>\n");
            }
        }
    }

    private static void approvals(StringBuilder html, RecoveryReport report) {
        html.append("<h2>Approvals</h2>\n");
        if (report.approvals().isEmpty()) {
            html.append("<p class=\"muted\">The plan asked for no approval.</p>\n");
            return;
        }
        html.append("<table>\n<tr><th>Approval</th><th>Tier</th><th>Outcome</th><th>Required</th><th>Approvers</th>")
                .append("<th>Requested</th><th>Decided</th></tr>\n");
        for (ReportApproval approval : report.approvals()) {
            html.append("<tr><td>").append(escape(approval.approvalType())).append("</td><td>")
                    .append(escape(ReportText.tierName(approval.tier()))).append("</td><td>")
                    .append(escape(approval.outcome() + (approval.detail() == null ? "" : " — " + approval.detail())))
                    .append("</td><td>").append(approval.requiredApprovals()).append("</td><td>")
                    .append(escape(ReportText.approvers(approval))).append("</td><td>")
                    .append(escape(ReportText.time(approval.requestedAt()))).append("</td><td>")
                    .append(escape(ReportText.time(approval.decidedAt()))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void notifications(StringBuilder html, RecoveryReport report) {
        html.append("<h2>Notifications</h2>\n<p class=\"muted\">From ").append(escape(report.notificationsSource())).append(".</p>\n");
        if (report.notifications().isEmpty()) {
            html.append("<p>No notification was sent.</p>\n");
            return;
        }
        html.append("<table>\n<tr><th>Sent</th><th>Topic</th><th>Subject</th><th>Message</th></tr>\n");
        for (ReportNotification notification : report.notifications()) {
            html.append("<tr><td>").append(escape(ReportText.offset(report, notification.sentAt()))).append("</td><td>")
                    .append(escape(notification.topic())).append("</td><td>")
                    .append(escape(notification.subject() == null ? "—" : notification.subject())).append("</td><td><code>")
                    .append(escape(abbreviate(notification.message(), 600))).append("</code></td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void timeline(StringBuilder html, RecoveryReport report) {
        html.append("<h2>Timeline</h2>\n<p class=\"muted\">Times are from the trigger (")
                .append(escape(ReportText.time(report.startedAt()))).append(").</p>\n<table>\n")
                .append("<tr><th>Start</th><th>Tier</th><th>Step</th><th>Kind</th><th>Status</th><th>Duration</th><th>Detail</th></tr>\n");
        for (ReportStep step : report.steps()) {
            boolean bad = "FAILED".equals(step.status()) || "CAUGHT".equals(step.status());
            html.append("<tr><td>").append(escape(ReportText.offset(report, step.startedAt()))).append("</td><td>")
                    .append(escape(ReportText.tierName(step.tier()))).append("</td><td>").append(escape(step.state()))
                    .append("</td><td>").append(escape(ReportText.kind(step))).append("</td><td")
                    .append(bad ? " class=\"fail\"" : "").append('>').append(escape(ReportText.status(step.status())))
                    .append("</td><td>").append(escape(ReportText.duration(step.startedAt(), step.endedAt())))
                    .append("</td><td>").append(escape(step.detail() == null ? "" : abbreviate(step.detail(), 300)))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void row(StringBuilder html, String name, String valueHtml) {
        html.append("<tr><th>").append(escape(name)).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    private static String code(String text) {
        return text == null || "—".equals(text) ? "—" : "<code>" + escape(text) + "</code>";
    }

    private static String colour(String status) {
        return switch (status == null ? "" : status) {
            case "SUCCEEDED" -> "#2e7d32";
            case "TIER" -> "#6a1b9a";
            case "CAUGHT" -> "#ef6c00";
            case "FAILED", "TIMED_OUT", "ABORTED" -> "#c62828";
            case "RUNNING", "WAITING" -> "#1565c0";
            default -> "#8c959f";
        };
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private record Bar(String label, Instant start, Instant end, String status, String tooltip) {
    }
}
