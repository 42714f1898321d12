package exchange.recovery.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import exchange.recovery.core.Tier;
import exchange.recovery.local.drill.DrillCommand;
import exchange.recovery.local.scenarios.Scenario;
import exchange.recovery.local.scenarios.Scenarios;

/** The command line of {@code ./scripts/drill}, for what needs no local stack. */
class DrillCommandTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int drill(String... args) {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        return new DrillCommand(Path.of("."), out, false, 100, false, Clock.systemUTC()).run(args);
    }

    private String shown() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void list_printsOneLinePerScenario_withItsTiersFailureAndExpectedOutcome() {
        int code = drill("--list");

        assertThat(code).isZero();
        List<String> lines = shown().lines().toList();
        assertThat(lines).hasSameSizeAs(Scenarios.all());
        for (int i = 0; i < lines.size(); i++) {
            Scenario scenario = Scenarios.all().get(i);
            String tiers = scenario.tiers().size() == Tier.values().length ? "all tiers"
                    : String.join(",", scenario.tiers().stream().map(Tier::id).toList());
            assertThat(lines.get(i)).startsWith(scenario.name() + " ")
                    .contains(tiers)
                    .contains("fails: " + scenario.failure())
                    .contains("expected: " + scenario.expectedOutcome());
        }
    }

    @Test
    void anUnknownScenario_isAUsageError_namingTheScenarios() {
        int code = drill("meteor-strike");

        assertThat(code).isEqualTo(DrillCommand.USAGE);
        assertThat(shown()).contains("no scenario named 'meteor-strike'; scenarios: " + Scenarios.names()).contains("usage:");
    }

    @Test
    void replayOfAMalformedFile_explainsWhatIsWrong_andStartsNothing() throws Exception {
        Path event = Files.writeString(temp.resolve("broken.json"), "{\"source\": \"aws.cloudwatch\",\n \"detail\": ");
        Path reports = temp.resolve("reports");

        int code = drill("replay", event.toString(), "--report-dir", reports.toString());

        assertThat(code).isEqualTo(DrillCommand.USAGE);
        assertThat(shown()).startsWith("drill: " + event + ": not valid JSON at line 2").doesNotContain("Starting the local stack");
        assertThat(reports).doesNotExist();
    }

    @Test
    void replayOfJsonThatIsNoEvent_saysWhichFieldsAreMissing() throws Exception {
        Path event = Files.writeString(temp.resolve("order.json"), "{\"orderId\": 42}");

        int code = drill("replay", event.toString());

        assertThat(code).isEqualTo(DrillCommand.USAGE);
        assertThat(shown()).contains("not an EventBridge event: \"source\" must be a non-empty string (missing)");
    }

    @Test
    void plan_printsTheStepsWithoutRunningAnything() {
        int code = drill("plan", "platform-recovery");

        assertThat(code).isZero();
        assertThat(shown()).startsWith("Plan platform-recovery\n").contains(". OpenIncident  [plan · lambda]").contains("Gates").contains("Approvals");
    }

    @Test
    void planOfAnUnknownName_namesThePlans() {
        int code = drill("plan", "nope");

        assertThat(code).isEqualTo(DrillCommand.USAGE);
        assertThat(shown()).contains("No plan named 'nope'").contains("platform-recovery");
    }

    @Test
    void noArguments_printsTheUsage() {
        assertThat(drill()).isEqualTo(DrillCommand.USAGE);
        assertThat(shown()).startsWith("usage: drill <scenario>");
    }
}
