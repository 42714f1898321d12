package exchange.recovery.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.incident.IncidentStore;
import exchange.recovery.incident.TierOutcome;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.stack.Need;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The platform plan as deployed from template.yaml, run on the local exchange (emulator, real
 * PostgreSQL): tiers in the seed's order, each gated on integrity and health, the timeline recorded;
 * a failed gate halts the plan before the next tier, and a redrive resumes where it stopped.
 */
class PlatformPlanTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static DrillHarness harness;
    private static String plan;
    private static IncidentStore incidents;

    @BeforeAll
    static void start() {
        harness = DrillHarness.start(DrillHarness.Settings.of(Path.of("."), Set.of(Need.POSTGRES), List.of()));
        plan = harness.stack().stateMachine("PlatformRecoveryStateMachine");
        incidents = new IncidentStore(harness.aws().clients().dynamoDb(), harness.stack().physicalId("IncidentTable"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void apiTierIncident_verifiesEveryTierInOrderAndRecordsEachRto() {
        DescribeExecutionResponse execution = run("api-tier", """
                {"incidentId":"INC-PLAN-1","scope":["trading-api"],"scenario":"instance-failure"}""");

        assertThat(execution.status()).as(failure(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<TierOutcome> timeline = incidents.tiers("INC-PLAN-1");
        assertThat(timeline).extracting(TierOutcome::tier).containsExactly("database", "wallet", "matching-engine",
                "trading-api", "market-data", "deposits-withdrawals");
        assertThat(timeline).allSatisfy(tier -> {
            assertThat(tier.outcome()).isEqualTo("VERIFIED");
            assertThat(tier.rtoObjective()).isNotBlank();
        });
        assertThat(timeline.get(0).endedAt()).isBeforeOrEqualTo(timeline.get(1).startedAt());
        JsonNode database = timeline.get(0).evidence();
        assertThat(database.at("/integrity/passed").asBoolean()).isTrue();
        assertThat(database.at("/integrity/checks").size()).isEqualTo(5);
        assertThat(database.at("/health/healthy").asBoolean()).isTrue();
    }

    @Test
    void failedGate_haltsBeforeTheNextTier_andARedriveResumesAfterTheFix() throws Exception {
        execute("UPDATE balances SET available = available + 1 WHERE account_id = 1005 AND asset_code = 'BTC'");
        try {
            DescribeExecutionResponse halted = run("gate-fails", """
                    {"incidentId":"INC-PLAN-2","scope":["trading-api"],"scenario":"instance-failure"}""");

            assertThat(halted.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(halted.error()).isEqualTo("RecoveryHalted");
            List<TierOutcome> timeline = incidents.tiers("INC-PLAN-2");
            assertThat(timeline).extracting(TierOutcome::tier).containsExactly("database");
            assertThat(timeline.get(0).outcome()).isEqualTo("FAILED");
            assertThat(Json.write(timeline.get(0).evidence())).contains("balances-match-ledger").contains("1005");
            harness.inbox().poll();
            assertThat(harness.inbox().all()).anyMatch(message -> message.message().contains("RECOVERY_HALTED")
                    && message.message().contains("INC-PLAN-2") && message.message().contains("\"resume\": true"));
        } finally {
            execute("UPDATE balances SET available = available - 1 WHERE account_id = 1005 AND asset_code = 'BTC'");
        }

        DescribeExecutionResponse redriven = run("gate-fixed", """
                {"incidentId":"INC-PLAN-2","scope":["trading-api"],"scenario":"instance-failure","resume":true}""");

        assertThat(redriven.status()).as(failure(redriven)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(incidents.tiers("INC-PLAN-2")).extracting(TierOutcome::outcome).containsOnly("VERIFIED").hasSize(6);
    }

    @Test
    void badConsoleInput_isRejectedAndNothingStarts() {
        DescribeExecutionResponse execution = run("bad-input", """
                {"scope":["databse"],"restoreTime":"2999-01-01T00:00:00Z"}""");

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("InvalidPlanInput");
        assertThat(execution.cause()).contains("incidentId is required").contains("databse");
    }

    private static DescribeExecutionResponse run(String name, String input) {
        String arn = harness.aws().clients().stepFunctions()
                .startExecution(b -> b.stateMachineArn(plan).name(name).input(input)).executionArn();
        return harness.executions().awaitEnd(arn, TIMEOUT);
    }

    /** The first failure of the execution and the incident's timeline, to say why a run did not succeed. */
    private static String failure(DescribeExecutionResponse execution) {
        String incidentId = Json.read(execution.input()).path("incidentId").asText();
        return harness.executions().firstFailure(execution.executionArn()).orElse("no failure")
                + "\ntimeline: " + Json.write(incidents.tiers(incidentId));
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = harness.postgres().orElseThrow().connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
