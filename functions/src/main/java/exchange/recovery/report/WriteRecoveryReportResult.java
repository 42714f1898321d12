package exchange.recovery.report;

/** Where the report was written, and its verdict ({@code RECOVERED}, {@code HALTED}...). */
public record WriteRecoveryReportResult(String incidentId, String execution, String bucket, String markdownKey,
                                        String htmlKey, String verdict) {
}
