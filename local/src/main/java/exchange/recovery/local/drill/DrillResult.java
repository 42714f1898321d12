package exchange.recovery.local.drill;

import java.nio.file.Path;
import java.util.List;

import exchange.recovery.report.RecoveryReport;
import exchange.recovery.local.scenarios.ObjectRestoreReport;
import exchange.recovery.local.scenarios.ExpectationResult;
import exchange.recovery.local.drill.observe.TrackedExecution;

/**
 * How a drill went: the recovery report (null when no plan started), the object restore's report when the
 * scenario follows one (else null), each expectation's result, where the files are, and why it failed when it did.
 */
public record DrillResult(String scenario, RecoveryReport report, List<ExpectationResult> expectations,
                          List<TrackedExecution> executions, Path reportDirectory, List<Path> files, String problem,
                          ObjectRestoreReport objectRestore) {

    public DrillResult {
        expectations = List.copyOf(expectations);
        executions = List.copyOf(executions);
        files = List.copyOf(files);
    }

    public boolean passed() {
        return problem == null && report != null && expectations.stream().allMatch(ExpectationResult::met);
    }

    public Path file(String name) {
        return reportDirectory.resolve(name);
    }
}
