package exchange.recovery.report;

/**
 * What a plan passes to its report step (see {@link WriteRecoveryReportHandler}).
 *
 * @param incidentId the incident to report on (required): {@code $.incident.record.incidentId}
 * @param executionArn the plan's execution, {@code $$.Execution.Id}; defaults to the one the incident record names
 * @param status how the plan ends, as the calling state knows it while the execution still runs:
 *               {@code SUCCEEDED} on the success path, {@code FAILED} on the failure path; ignored once the
 *               execution has ended (its real status wins)
 * @param error on the failure path, the error that stopped the plan ({@code $.failure.Error})
 * @param cause on the failure path, its cause ({@code $.failure.Cause})
 */
public record WriteRecoveryReportRequest(String incidentId, String executionArn, String status, String error, String cause) {
}
