package exchange.recovery.report;

import java.time.Clock;
import java.util.List;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.incident.Incident;
import exchange.recovery.incident.IncidentNotFound;
import exchange.recovery.incident.IncidentStore;

/**
 * Builds the recovery report of an incident from its record and its execution history, renders it as
 * Markdown and HTML and stores both under {@code <prefix><incidentId>/<execution>/recovery-report.(md|html)}.
 * Writing again overwrites the same keys, so a retried step is harmless.
 */
public class RecoveryReportWriter {

    private static final List<String> STATUSES = List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

    private final IncidentStore incidents;
    private final ExecutionTraces executions;
    private final ReportStore store;
    private final String prefix;
    private final Clock clock;

    public RecoveryReportWriter(IncidentStore incidents, ExecutionTraces executions, ReportStore store, String prefix,
                                Clock clock) {
        this.incidents = incidents;
        this.executions = executions;
        this.store = store;
        this.prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? (prefix == null ? "" : prefix) : prefix + "/";
        this.clock = clock;
    }

    public WriteRecoveryReportResult write(WriteRecoveryReportRequest request) {
        RecoveryReport report = report(request);
        String base = prefix + safe(report.incidentId()) + "/" + safe(report.execution().name()) + "/recovery-report";
        store.put(base + ".md", MarkdownReport.render(report), "text/markdown; charset=utf-8");
        store.put(base + ".html", HtmlReport.render(report), "text/html; charset=utf-8");
        return new WriteRecoveryReportResult(report.incidentId(), report.execution().name(), store.location(), base + ".md",
                base + ".html", report.verdict().outcome().name());
    }

    public RecoveryReport report(WriteRecoveryReportRequest request) {
        if (request.incidentId() == null || request.incidentId().isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        if (request.status() != null && !STATUSES.contains(request.status())) {
            throw new InvalidInput("status must be one of " + STATUSES + " (was " + request.status() + ")");
        }
        String incidentId = request.incidentId().trim();
        Incident incident = incidents.find(incidentId).orElseThrow(() -> new IncidentNotFound(incidentId));
        String executionArn = request.executionArn() == null || request.executionArn().isBlank()
                ? incident.executionId() : request.executionArn().trim();
        ExecutionTrace trace = executions.read(executionArn);
        if ("RUNNING".equals(trace.status()) && request.status() != null) {
            trace = trace.withStatus(request.status(), request.error(), request.cause());
        }
        RecoveryRecord record = new RecoveryRecord(incident, incidents.tiers(incidentId), trace, null);
        return new RecoveryReportBuilder().build(record, clock.instant());
    }

    /** Incident ids and execution names are S3-safe already; anything else is replaced. */
    static String safe(String part) {
        return part == null ? "unknown" : part.replaceAll("[^A-Za-z0-9._=-]", "_");
    }
}
