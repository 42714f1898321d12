package exchange.recovery.local.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import exchange.recovery.core.Tier;
import exchange.recovery.local.scenarios.Scenario;
import exchange.recovery.local.scenarios.ExpectationResult;
import exchange.recovery.local.drill.observe.DrillObserver;
import exchange.recovery.local.drill.observe.TrackedExecution;

/** The drill's own page beside the recovery report: the scenario, the fault, the expectations and what started. */
final class DrillSummary {

    private DrillSummary() {
    }

    static String markdown(Scenario scenario, DrillResult result, List<String> faults, DrillObserver observer, Instant origin) {
        StringBuilder md = new StringBuilder();
        md.append("# Drill ").append(scenario.name()).append("\n\n");
        md.append("- Fails: ").append(scenario.failure()).append('\n');
        md.append("- Tiers hit: ").append(scenario.tiers().stream().map(Tier::id).toList()).append('\n');
        md.append("- Expected: ").append(scenario.expectedOutcome()).append('\n');
        md.append("- Fault injected at ").append(origin).append('\n');
        md.append("- Result: ").append(result.passed() ? "**passed**" : "**FAILED**")
                .append(result.problem() == null ? "" : " — " + result.problem()).append("\n\n");
        if (result.objectRestore() != null) {
            var restore = result.objectRestore();
            md.append("## Object restore\n\n- `s3://").append(restore.bucket()).append('/').append(restore.prefix())
                    .append("` as at ").append(restore.restoreTime()).append(" (").append(restore.restoreId()).append("), started by ")
                    .append(restore.trigger()).append("\n- ").append(restore.status()).append(", verification ")
                    .append(restore.verified() ? "passed" : "FAILED").append("\n- ").append(restore.keys()).append(" keys: restored ")
                    .append(restore.restored()).append(", unchanged ").append(restore.unchanged()).append(", skipped ")
                    .append(restore.skipped()).append(", failed ").append(restore.failed()).append("\n- [")
                    .append(ReportFiles.OBJECT_RESTORE_MARKDOWN).append("](").append(ReportFiles.OBJECT_RESTORE_MARKDOWN)
                    .append("): the restore's report\n\n");
        }
        md.append("## Fault\n\n");
        faults.forEach(fault -> md.append("- ").append(fault).append('\n'));
        scenario.redrive().ifPresent(redrive -> md.append("\n## Operator's redrive after the halt\n\n- ").append(redrive.action())
                .append("\n- The halted plan's report: [").append(DrillRunner.HALTED_DIRECTORY).append('/').append(ReportFiles.HTML)
                .append("](").append(DrillRunner.HALTED_DIRECTORY).append('/').append(ReportFiles.HTML)
                .append("); the report beside this page is the resumed plan's.\n"));
        md.append("\n## Expectations (checked on the " + (result.objectRestore() != null ? "object restore's report" : "recovery report") + ")\n\n");
        if (result.expectations().isEmpty()) {
            md.append("None were checked: no plan ran to a report.\n");
        }
        for (ExpectationResult expectation : result.expectations()) {
            md.append("- [").append(expectation.met() ? 'x' : ' ').append("] ").append(expectation.expectation());
            if (!expectation.met()) {
                md.append(" — observed: `").append(expectation.observed()).append('`');
            }
            md.append('\n');
        }
        md.append("\n## Executions started\n\n");
        if (result.executions().isEmpty()) {
            md.append("None.\n");
        }
        for (TrackedExecution execution : result.executions()) {
            md.append("- ").append(execution.plan() ? "plan " : "nested plan ").append(execution.machineLogicalId())
                    .append(" / `").append(execution.name()).append("`: ").append(execution.status());
            if (execution.startedAt() != null) {
                md.append(" (started +").append(Duration.between(origin, execution.startedAt()).toMillis()).append(" ms)");
            }
            md.append('\n');
        }
        if (!observer.routing().isEmpty()) {
            md.append("\n## Routing decisions\n\n");
            observer.routing().forEach(note -> md.append("- ").append(note.action()).append(": ").append(note.reason()).append('\n'));
        }
        if (!observer.approvalLinks().isEmpty()) {
            md.append("\n## Approval links sent\n\n");
            observer.approvalLinks().forEach(link -> md.append("- ").append(link.approver()).append(": ").append(link.url()).append('\n'));
        }
        boolean restore = result.objectRestore() != null;
        String html = restore ? ReportFiles.OBJECT_RESTORE_HTML : ReportFiles.HTML;
        String markdown = restore ? ReportFiles.OBJECT_RESTORE_MARKDOWN : ReportFiles.MARKDOWN;
        md.append("\n## Files\n\n- [").append(html).append("](").append(html).append(") and [")
                .append(markdown).append("](").append(markdown).append(restore ? "): the object restore's report\n" : "): the recovery report\n")
                .append("- ").append(restore ? ReportFiles.OBJECT_RESTORE_JSON : ReportFiles.JSON).append(": the report's model\n")
                .append("- ").append(ReportFiles.HANDLER_LOG).append(": the handlers' JSON logs\n")
                .append("- ").append(ReportFiles.EMULATOR_LOG).append(": the AWS emulator's log\n");
        return md.toString();
    }
}
