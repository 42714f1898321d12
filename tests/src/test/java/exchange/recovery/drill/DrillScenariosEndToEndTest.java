package exchange.recovery.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.stack.Need;
import exchange.recovery.local.drill.DrillResult;
import exchange.recovery.local.drill.DrillRunner;
import exchange.recovery.local.scenarios.ExpectationResult;
import exchange.recovery.local.scenarios.Follows;
import exchange.recovery.local.scenarios.ObjectRestoreReport;
import exchange.recovery.local.scenarios.Scenario;
import exchange.recovery.local.scenarios.Scenarios;
import exchange.recovery.local.drill.approval.PageFormApprovalDriver;
import exchange.recovery.local.drill.view.PlainTimeline;
import exchange.recovery.report.ReportStep;

/**
 * Every scenario the drill lists runs end to end on the local stack, as {@code ./scripts/drill <scenario>}
 * runs it, and the report of the plan it follows (the recovery report, or an object restore's) shows what the
 * scenario expects. The stack boots once; between scenarios
 * it is reset (emulator emptied, databases cloned from the sample exchange, the stack deployed afresh), and
 * a component is started the first time a scenario needs it.
 */
class DrillScenariosEndToEndTest {

    private static DrillHarness harness;

    @AfterAll
    static void stopTheStack() {
        if (harness != null) {
            harness.close();
        }
    }

    private static DrillHarness stackFor(Scenario scenario) {
        if (harness == null) {
            harness = DrillHarness.start(scenario.stackSettings(Path.of(".")));
        } else {
            harness.reset(scenario.stackSettings(Path.of(".")));
        }
        return harness;
    }

    @TempDir
    Path reports;

    @TestFactory
    Stream<DynamicTest> everyScenario_recoversThroughTheRealPlans_andItsReportShowsTheExpectedOutcome() {
        return Scenarios.all().stream().map(scenario -> dynamicTest(scenario.name(), () -> drill(scenario)));
    }

    private void drill(Scenario scenario) throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        Path directory = reports.resolve(scenario.name());
        DrillResult result;
        long preparing = System.nanoTime();
        DrillHarness harness = stackFor(scenario);
        System.out.printf("stack for %s ready in %.1f s (%s)%n", scenario.name(), (System.nanoTime() - preparing) / 1e9,
                harness.startupTimes());
        try (PrintStream out = new PrintStream(terminal, true, StandardCharsets.UTF_8)) {
            // approvals, when the plan asks for them, are decided on the approval page as the scenario's approvers
            result = new DrillRunner(harness, new PlainTimeline(out), new DrillRunner.Options(Set.copyOf(scenario.approvers()),
                    new PageFormApprovalDriver(), directory, Duration.ofSeconds(45)), Clock.systemUTC()).run(scenario);
        }
        String shown = terminal.toString(StandardCharsets.UTF_8);
        // a component the scenario does not need is not wired in (the S3 scenarios run without PostgreSQL and Redis)
        if (!scenario.needs().contains(Need.POSTGRES)) {
            assertThat(harness.postgres()).as(scenario.name()).isEmpty();
        }
        if (!scenario.needs().contains(Need.REDIS)) {
            assertThat(harness.redis()).as(scenario.name()).isEmpty();
        }

        assertThat(result.problem()).as(shown).isNull();
        for (ExpectationResult expectation : result.expectations()) {
            assertThat(expectation.met()).as("%s (observed: %s)%n%s", expectation.expectation(), expectation.observed(), shown).isTrue();
        }
        int redriveExpectations = scenario.redrive().map(redrive -> redrive.expectations().size()).orElse(0);
        assertThat(result.expectations()).hasSize(scenario.expectations().size() + redriveExpectations);
        if (scenario.redrive().isPresent()) {
            // the halted plan's report is kept beside the resumed plan's
            assertThat(Files.readString(result.file("halted/recovery-report.md"))).contains("**Verdict: HALTED**");
            assertThat(shown).contains("operator: " + scenario.redrive().get().action());
        }
        assertThat(result.passed()).isTrue();

        assertThat(Files.readString(result.file("drill.md"))).contains("- Result: **passed**");
        assertThat(shown).contains("» fault: ").contains("Drill " + scenario.name() + " passed");
        if (scenario.follows() == Follows.OBJECT_RESTORE) {
            // an object restore opens no incident: its own report, with the counts and the steps, is the drill's report
            ObjectRestoreReport restore = result.objectRestore();
            assertThat(restore).isNotNull();
            assertThat(result.file("recovery-report.md")).doesNotExist();
            String markdown = Files.readString(result.file("object-restore-report.md"));
            assertThat(markdown).contains("# Object restore — " + restore.restoreId()).contains("**Verification: passed**")
                    .contains("| " + restore.keys() + " | " + restore.restored() + " | " + restore.unchanged() + " | "
                            + restore.skipped() + " | " + restore.failed() + " |");
            for (ReportStep step : result.report().steps()) {
                assertThat(markdown).contains("| " + step.state() + " |");
                assertThat(shown).contains(step.state());
            }
            assertThat(Files.readString(result.file("object-restore-report.html"))).contains(restore.restoreId()).doesNotContain("<script");
            assertThat(shown).contains("restored " + restore.restored() + ", unchanged " + restore.unchanged());
            return;
        }
        String markdown = Files.readString(result.file("recovery-report.md"));
        String html = Files.readString(result.file("recovery-report.html"));
        assertThat(markdown).contains("# Recovery report — " + result.report().incidentId())
                .contains("**Verdict: " + result.report().verdict().outcome().name().replace('_', ' ') + "**");
        for (ReportStep step : result.report().steps()) {
            assertThat(markdown).contains("| " + step.state() + " |");
            assertThat(shown).contains(step.state());
        }
        assertThat(html).contains("<svg").contains(result.report().incidentId()).doesNotContain("<script");
    }
}
