package exchange.recovery.report;

import java.time.Instant;

/**
 * The plan's execution: its status and, when it stopped short, where and why.
 *
 * @param status {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT} or {@code ABORTED}
 * @param failedState the state whose error stopped the plan, or null
 * @param error the error name (e.g. {@code exchange.recovery.integrity.IntegrityCheckFailed}), or null
 * @param cause the error's message, or null
 */
public record ReportExecution(String name, String arn, String stateMachine, String status, Instant startedAt,
                              Instant stoppedAt, String failedState, String error, String cause) {

    public boolean running() {
        return "RUNNING".equals(status);
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }
}
