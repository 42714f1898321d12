package exchange.recovery.report;

import java.util.List;

/**
 * The report's conclusion.
 *
 * @param reasons the facts behind the outcome, one sentence each
 * @param redrive the command that resumes a halted plan once its cause is fixed, or null
 */
public record ReportVerdict(Outcome outcome, String summary, List<String> reasons, String redrive) {

    public ReportVerdict {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public enum Outcome {
        /** The plan succeeded and every tier it reported is within its objective. */
        RECOVERED,
        /** The plan succeeded, but at least one tier took longer than its objective. */
        OBJECTIVE_MISSED,
        /** The plan stopped short (a failed gate or step, a timeout, an abort) and waits for an operator. */
        HALTED,
        /** The plan succeeded without recording any tier outcome, so no RTO was measured. */
        NOT_MEASURED,
        /** The plan is still running. */
        IN_PROGRESS
    }
}
