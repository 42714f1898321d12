package exchange.recovery.local.drill;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.drill.approval.ApprovalDriver;
import exchange.recovery.local.drill.view.TimelineView;
import exchange.recovery.report.RecoveryReport;
import exchange.recovery.report.ReportTier;
import exchange.recovery.report.StepTrace;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.scenarios.Scenario;
import exchange.recovery.local.scenarios.FaultContext;
import exchange.recovery.local.scenarios.ExpectationResult;
import exchange.recovery.local.scenarios.ObjectRestoreReport;
import exchange.recovery.local.scenarios.OperatorRedrive;
import exchange.recovery.local.scenarios.PlanReport;
import exchange.recovery.local.drill.observe.DrillObserver;
import exchange.recovery.local.drill.observe.TrackedExecution;

/**
 * Runs one scenario on a started harness: injects the fault, watches what it sets off until the plans
 * end, builds the recovery report from the incident record and the execution history, writes the files
 * and checks the scenario's expectations against the report. When the scenario rehearses an operator's
 * redrive after a halt, the drill then starts the plan again as the operator would and checks the resumed
 * plan's report too; the halted plan's report is kept in {@value #HALTED_DIRECTORY}/.
 */
public final class DrillRunner {

    static final String HALTED_DIRECTORY = "halted";
    private static final String REDRIVE_SUFFIX = "-redrive";
    private static final int MAX_EXECUTION_NAME = 80;

    /**
     * @param approveAs approvers on whose behalf the drill decides through the approval page
     * @param startTimeout how long the alarm may take to start a plan
     */
    public record Options(Set<String> approveAs, ApprovalDriver approvals, Path reportDirectory, Duration startTimeout) {

        public Options {
            approveAs = Set.copyOf(approveAs);
        }
    }

    private final DrillHarness harness;
    private final TimelineView view;
    private final Options options;
    private final Clock clock;

    public DrillRunner(DrillHarness harness, TimelineView view, Options options, Clock clock) {
        this.harness = harness;
        this.view = view;
        this.options = options;
        this.clock = clock;
    }

    public DrillResult run(Scenario scenario) {
        Instant origin = clock.instant();
        DrillObserver observer = new DrillObserver(harness, view, options.approvals(), options.approveAs(), clock, origin);
        List<String> faults = new ArrayList<>();
        FaultContext fault = new FaultContext(harness, text -> {
            faults.add(text);
            observer.note("fault: " + text);
        });
        String problem = null;
        RecoveryReport report = null;
        ObjectRestoreReport objectRestore = null;
        List<ExpectationResult> results = List.of();
        harness.dataPlane().ifPresent(plane -> plane.onEvent(text -> observer.note("data plane: " + text)));
        Instant faultStartedAt = clock.instant();
        try {
            harness.beforeFault();
            faultStartedAt = clock.instant(); // after the backup (and its wait): nothing is written before the fault's first write
            scenario.inject(fault);
        } catch (Exception e) {
            problem = "The fault could not be injected: " + e.getMessage();
        }
        if (problem == null && !observer.watchUntil(o -> followed(scenario, o).isPresent(), options.startTimeout(),
                "waiting for the alarm to start a plan")) {
            problem = "No plan started within " + options.startTimeout().toSeconds() + " s of the fault"
                    + routingExplanation(observer);
        }
        if (problem == null) {
            boolean ended = observer.watchUntil(DrillObserver::plansEnded, scenario.timeout(), "waiting for the plan");
            TrackedExecution plan = followed(scenario, observer).orElseThrow();
            report = LocalReports.build(harness, plan.arn(), clock);
            objectRestore = switch (scenario.follows()) {
                case PLATFORM_RECOVERY -> null;
                case OBJECT_RESTORE -> ObjectRestoreReports.read(harness, plan.arn());
            };
            PlanReport finished = new PlanReport(report, objectRestore);
            results = scenario.expectations().stream().map(expectation -> expectation.check(finished)).toList();
            if (!ended) {
                problem = "The plan was still running after " + scenario.timeout().toSeconds() + " s";
            } else if (scenario.redrive().isPresent()) {
                Resumed resumed = redrive(scenario, scenario.redrive().get(), observer, plan, report, faultStartedAt);
                report = resumed.report() == null ? report : resumed.report();
                results = Stream.concat(results.stream(), resumed.results().stream()).toList();
                problem = resumed.problem();
            }
        }
        DrillResult provisional = new DrillResult(scenario.name(), report, results, observer.executions(),
                options.reportDirectory(), List.of(), problem, objectRestore);
        String summary = DrillSummary.markdown(scenario, provisional, faults, observer, origin);
        // an object restore opens no incident: its own report replaces the recovery report (which would say "not opened")
        List<Path> files = new ArrayList<>(ReportFiles.write(options.reportDirectory(), objectRestore == null ? report : null,
                summary, harness.emulatorLog()));
        if (objectRestore != null) {
            files.addAll(ReportFiles.writeObjectRestore(options.reportDirectory(), objectRestore, report.steps()));
        }
        DrillResult result = new DrillResult(scenario.name(), report, results, observer.executions(),
                options.reportDirectory(), files, problem, objectRestore);
        view.finish(finalLines(result));
        return result;
    }

    /** What the operator's redrive came to: the resumed plan's report and expectations, or why it could not run. */
    private record Resumed(RecoveryReport report, List<ExpectationResult> results, String problem) {
    }

    /** Keeps the halted plan's report, starts the plan again as the operator would and checks the resumed run. */
    private Resumed redrive(Scenario scenario, OperatorRedrive redrive, DrillObserver observer, TrackedExecution halted,
                            RecoveryReport haltedReport, Instant faultStartedAt) {
        Optional<ObjectNode> given = redriveInput(halted);
        if (given.isEmpty()) {
            return new Resumed(null, List.of(), "The plan gave no redrive input for the operator to resume it with");
        }
        ReportFiles.write(options.reportDirectory().resolve(HALTED_DIRECTORY), haltedReport,
                "# Drill " + scenario.name() + ": the halted plan\n\nThe operator's redrive follows in ../drill.md.\n", null);
        String resumed = startRedrive(observer, halted, redrive, redrive.input(given.get().deepCopy(), faultStartedAt));
        boolean ended = observer.watchUntil(o -> o.plansEnded() && o.plans().size() > 1, scenario.timeout(),
                "waiting for the resumed plan");
        RecoveryReport report = LocalReports.build(harness, resumed, clock);
        PlanReport resumedReport = new PlanReport(report, null);
        List<ExpectationResult> results = redrive.expectations().stream().map(expectation -> expectation.check(resumedReport))
                .map(result -> new ExpectationResult("after the redrive: " + result.expectation(), result.met(), result.observed()))
                .toList();
        return new Resumed(report, results, ended ? null
                : "The resumed plan was still running after " + scenario.timeout().toSeconds() + " s");
    }

    /** The input the halted plan says to resume it with (its {@code Halted} state's {@code redriveInput}). */
    private static Optional<ObjectNode> redriveInput(TrackedExecution plan) {
        return plan.steps().stream().map(StepTrace::output)
                .filter(output -> output != null && output.path("redriveInput").isObject())
                .map(output -> (ObjectNode) output.get("redriveInput"))
                .findFirst();
    }

    /** Starts the halted plan's state machine again with the operator's input, as from the console. */
    private String startRedrive(DrillObserver observer, TrackedExecution halted, OperatorRedrive redrive, JsonNode input) {
        String machineArn = harness.stateMachines().entrySet().stream()
                .filter(machine -> machine.getValue().equals(halted.machineLogicalId())).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
        String name = halted.name().substring(0, Math.min(halted.name().length(), MAX_EXECUTION_NAME - REDRIVE_SUFFIX.length()));
        observer.note("operator: " + redrive.action());
        observer.note("operator: start " + halted.machineLogicalId() + " with " + Json.write(input));
        return harness.aws().clients().stepFunctions().startExecution(b -> b.stateMachineArn(machineArn)
                .name(name + REDRIVE_SUFFIX).input(Json.write(input))).executionArn();
    }

    /** The first top-level plan started that the scenario follows. */
    private static Optional<TrackedExecution> followed(Scenario scenario, DrillObserver observer) {
        return observer.plans().stream().filter(plan -> scenario.follows().isFollowed(plan.machineLogicalId())).findFirst();
    }

    private static String routingExplanation(DrillObserver observer) {
        if (observer.routing().isEmpty()) {
            return "; no routing decision was seen (is the alarm's name matched by the stack's event rules?)";
        }
        return "; the router answered: " + observer.routing().stream()
                .map(note -> note.action() + " — " + note.reason()).toList();
    }

    static List<String> finalLines(DrillResult result) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        RecoveryReport report = result.report();
        ObjectRestoreReport restore = result.objectRestore();
        if (restore != null) {
            lines.add("Object restore " + restore.restoreId() + " of s3://" + restore.bucket() + "/" + restore.prefix() + " as at "
                    + restore.restoreTime() + ": " + restore.status() + ", verification " + (restore.verified() ? "passed" : "FAILED"));
            lines.add("  " + restore.keys() + " keys: restored " + restore.restored() + ", unchanged " + restore.unchanged()
                    + ", skipped " + restore.skipped() + ", failed " + restore.failed() + " (" + restore.listed().size() + " listed)");
        } else if (report != null) {
            lines.add("Verdict: " + report.verdict().outcome().name().replace('_', ' ') + " — " + report.verdict().summary());
            for (ReportTier tier : report.tiers()) {
                if (tier.reported()) {
                    lines.add("  tier " + tier.order() + " " + tier.tier() + ": " + tier.mode() + " → " + tier.outcome()
                            + ", RTO " + tier.rtoSeconds() + " s (objective " + tier.rtoObjective() + ")"
                            + (tier.rpoSeconds() == null ? "" : ", RPO " + tier.rpoSeconds() + " s"));
                }
            }
            if (report.verdict().redrive() != null) {
                lines.add("  halted at " + report.execution().failedState() + ": " + report.execution().cause());
                lines.add("  after fixing the cause, redrive: " + report.verdict().redrive());
            }
        }
        if (!result.expectations().isEmpty()) {
            lines.add("Expectations:");
            for (ExpectationResult expectation : result.expectations()) {
                lines.add("  " + (expectation.met() ? "✓ " : "✗ ") + expectation.expectation()
                        + (expectation.met() ? "" : " (observed: " + expectation.observed() + ")"));
            }
        }
        if (result.problem() != null) {
            lines.add("Problem: " + result.problem());
        }
        Path directory = result.reportDirectory();
        if (restore != null) {
            lines.add("Report: " + display(directory.resolve(ReportFiles.OBJECT_RESTORE_MARKDOWN)) + " (also "
                    + ReportFiles.OBJECT_RESTORE_HTML + ", " + ReportFiles.OBJECT_RESTORE_JSON + ", " + ReportFiles.SUMMARY
                    + "; handler logs in " + ReportFiles.HANDLER_LOG + ")");
        } else {
            lines.add("Report: " + display(directory.resolve(ReportFiles.HTML)) + " (also " + ReportFiles.MARKDOWN + ", "
                    + ReportFiles.JSON + ", " + ReportFiles.SUMMARY + "; handler logs in " + ReportFiles.HANDLER_LOG + ")");
        }
        long met = result.expectations().stream().filter(ExpectationResult::met).count();
        lines.add(result.passed() ? "Drill " + result.scenario() + " passed: " + met + " of " + result.expectations().size()
                + " expectations met." : "Drill " + result.scenario() + " FAILED.");
        return lines;
    }

    static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
    }
}
