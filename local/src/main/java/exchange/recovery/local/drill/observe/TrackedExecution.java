package exchange.recovery.local.drill.observe;

import java.time.Instant;
import java.util.List;

import exchange.recovery.report.StepTrace;

/**
 * An execution the drill saw start, as it stands at the last look.
 *
 * @param plan true for a plan's execution, false for a nested plan's
 */
public record TrackedExecution(String arn, String name, String machineLogicalId, boolean plan, String status,
                               Instant startedAt, Instant stoppedAt, List<StepTrace> steps) {

    public boolean running() {
        return "RUNNING".equals(status);
    }
}
