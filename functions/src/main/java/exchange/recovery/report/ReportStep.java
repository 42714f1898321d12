package exchange.recovery.report;

import java.time.Instant;

/**
 * One state the plan (or a nested plan) went through.
 *
 * @param execution the name of the execution that ran the state
 * @param machine the state machine's name
 * @param tier the tier the step belongs to, or null for a plan-level step
 * @param status {@code RUNNING}, {@code WAITING} (for a callback), {@code SUCCEEDED}, {@code CAUGHT} (failed,
 *               and the plan caught the error), {@code FAILED}, or the execution's status when it stopped the step
 * @param attempts how many times a task was tried (retries included); 0 for states that are not tasks
 * @param detail what the step called, or its error
 */
public record ReportStep(String execution, String machine, String state, StepKind kind, String tier, String status,
                         Instant startedAt, Instant endedAt, int attempts, String detail) {

    public boolean ended() {
        return endedAt != null;
    }
}
