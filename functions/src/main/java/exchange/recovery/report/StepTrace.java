package exchange.recovery.report;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A step with what the history holds about it: the task's parameters and result, or its last error.
 * {@link #toReportStep()} keeps what a report shows.
 */
public record StepTrace(String execution, String machine, String state, String stateType, StepKind kind, String tier,
                        String status, Instant startedAt, Instant endedAt, int attempts, String resourceType,
                        String resource, JsonNode parameters, JsonNode output, String error, String cause) {

    public ReportStep toReportStep() {
        return new ReportStep(execution, machine, state, kind, tier, status, startedAt, endedAt, attempts, detail());
    }

    /** This step, reported as the one that failed with {@code error} and {@code cause}. */
    public StepTrace withFailure(String failedWith, String failureCause) {
        return new StepTrace(execution, machine, state, stateType, kind, tier, status, startedAt, endedAt, attempts, resourceType,
                resource, parameters, output, failedWith, failureCause);
    }

    public boolean failed() {
        return error != null && !"SUCCEEDED".equals(status);
    }

    private String detail() {
        if (error != null && !"SUCCEEDED".equals(status)) {
            String message = FailureText.message(cause);
            return message == null || message.isBlank() ? error : FailureText.shortName(error) + ": " + message;
        }
        if (resourceType == null || resourceType.isEmpty()) {
            return null;
        }
        return resourceType + (resource == null || resource.isEmpty() ? "" : ":" + resource);
    }
}
