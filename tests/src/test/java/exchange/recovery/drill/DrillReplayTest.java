package exchange.recovery.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.stack.Need;
import exchange.recovery.local.drill.observe.TrackedExecution;
import exchange.recovery.local.drill.replay.Replay;
import exchange.recovery.local.drill.replay.ReplayEvent;
import exchange.recovery.local.drill.view.PlainTimeline;

/** {@code drill replay}: a copied event goes through the local stack, which shows what it started or why not. */
class DrillReplayTest {

    private static DrillHarness harness;
    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        harness = DrillHarness.start(DrillHarness.Settings.of(Path.of("."), EnumSet.of(Need.POSTGRES), List.of()));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    /** The sample event of events/, changed as a test needs it. */
    private static ReplayEvent sample(String alarmName, String state, Instant changedAt) throws Exception {
        ObjectNode event = (ObjectNode) Json.read(java.nio.file.Files.readString(Path.of("events/alarm-state-change.json")));
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("alarmName", alarmName);
        ((ObjectNode) detail.get("state")).put("value", state).put("timestamp", changedAt.toString());
        return ReplayEvent.parse(Path.of("events/alarm-state-change.json"), Json.write(event));
    }

    private Replay.Result replay(ReplayEvent event) {
        PrintStream out = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        return new Replay(harness, new PlainTimeline(out), Clock.systemUTC()).run(event, Duration.ofSeconds(5), Duration.ofMinutes(3));
    }

    @Test
    void anAlarmEvent_startsThePlan_andShowsItsExecutionAndOutcome() throws Exception {
        Replay.Result result = replay(sample("exchange-trading-api-use1-az1-unhealthy-hosts", "ALARM", Instant.now()));

        assertThat(result.started()).filteredOn(TrackedExecution::plan).singleElement().satisfies(execution -> {
            assertThat(execution.machineLogicalId()).isEqualTo("PlatformRecoveryStateMachine");
            assertThat(execution.status()).isEqualTo("SUCCEEDED");
        });
        assertThat(Replay.lines(result)).anySatisfy(line -> assertThat(line)
                .startsWith("Started plan PlatformRecoveryStateMachine / execution ").endsWith(": SUCCEEDED"));
        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains("OpenIncident");
    }

    @Test
    void anOkTransition_startsNothing_andSaysWhy() throws Exception {
        Replay.Result result = replay(sample("exchange-trading-api-use1-az2-unhealthy-hosts", "OK", Instant.now()));

        assertThat(result.startedSomething()).isFalse();
        assertThat(result.explanation()).anySatisfy(reason -> assertThat(reason).contains("OK").contains("ALARM"));
        assertThat(Replay.lines(result)).contains("Nothing started:");
    }

    @Test
    void anExchangeAlarmWithNoRoute_startsNothing_andSaysWhy() throws Exception {
        Replay.Result result = replay(sample("exchange-api-5xx-rate", "ALARM", Instant.now()));

        assertThat(result.startedSomething()).isFalse();
        assertThat(result.explanation()).anySatisfy(reason -> assertThat(reason).contains("IGNORED").contains("no route")
                .contains("exchange-api-5xx-rate"));
    }

    @Test
    void anAlarmOutsideTheStacksPrefix_startsNothing_andSaysWhichRuleConditionItMisses() throws Exception {
        Replay.Result result = replay(sample("billing-estimated-charges", "ALARM", Instant.now()));

        assertThat(result.startedSomething()).isFalse();
        assertThat(result.explanation()).anySatisfy(reason -> assertThat(reason).contains("does not match")
                .contains("detail.alarmName is \"billing-estimated-charges\"").contains("prefix"));
    }
}
