package exchange.recovery.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.emulator.CloudWatchAlarms;
import exchange.recovery.local.emulator.LocalLambdaEndpoint;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.stack.Need;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * The report step as template.yaml deploys it: at the end of the platform plan, on the success path and on
 * the halt path, WriteRecoveryReportFunction renders the incident's report from its record and execution
 * history and writes it to the stack's report bucket.
 */
class WriteRecoveryReportEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    private static DrillHarness harness;

    @BeforeAll
    static void start() {
        harness = DrillHarness.start(DrillHarness.Settings.of(Path.of("."), EnumSet.of(Need.POSTGRES), List.of()));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static DescribeExecutionResponse run(String name, String input) {
        String arn = harness.aws().clients().stepFunctions().startExecution(b -> b
                .stateMachineArn(harness.stack().stateMachine("PlatformRecoveryStateMachine")).name(name).input(input)).executionArn();
        return harness.executions().awaitEnd(arn, TIMEOUT);
    }

    private static String object(String key) {
        return harness.aws().clients().s3().getObjectAsBytes(b -> b.bucket(harness.stack().physicalId("RecoveryReportBucket"))
                .key(key)).asUtf8String();
    }

    @Test
    void thePlansLastStep_writesTheReportOfARecoveryToTheBucket() {
        DescribeExecutionResponse execution = run("report-recovered", """
                {"incidentId":"INC-REPORT-1","scope":["trading-api"],"scenario":"instance-failure"}""");

        JsonNode written = Json.read(execution.output()).at("/report/value");
        assertThat(written.path("markdownKey").asText()).isEqualTo("recovery-reports/INC-REPORT-1/report-recovered/recovery-report.md");
        assertThat(written.path("verdict").asText()).isIn("RECOVERED", "OBJECTIVE_MISSED");
        String markdown = object(written.path("markdownKey").asText());
        assertThat(markdown).startsWith("# Recovery report — INC-REPORT-1")
                .contains("| 4 | trading-api | in scope | VERIFY | VERIFIED |")
                .contains("| 6 | deposits-withdrawals | outside scope | VERIFY | VERIFIED |")
                .contains("| CheckIntegrity |");
        assertThat(object(written.path("htmlKey").asText())).contains("<svg").contains("INC-REPORT-1");
    }

    @Test
    void anAlarmRoutedToThePlan_endsWithItsReportInTheBucket_namingTheAlarm() {
        String machine = harness.stack().stateMachine("PlatformRecoveryStateMachine");
        int before = harness.executions().list(machine).size();
        CloudWatchAlarms alarms = new CloudWatchAlarms(harness.aws().endpoint());
        alarms.putMetricAlarm("exchange-trading-api-green-unhealthy-hosts", "AWS/ApplicationELB", "UnHealthyHostCount",
                "GreaterThanThreshold", 0, "Unhealthy hosts behind the trading API");
        alarms.setAlarmState("exchange-trading-api-green-unhealthy-hosts", "ALARM", "2 unhealthy hosts for 3 datapoints");
        ExecutionListItem run = harness.executions().awaitExecutions(machine, before + 1, TIMEOUT).get(0);
        String output = harness.executions().awaitEnd(run.executionArn(), TIMEOUT).output();
        JsonNode written = Json.read(output).at("/report/value");
        String incidentId = Json.read(output).path("incidentId").asText();

        assertThat(written.path("bucket").asText()).as(output).isEqualTo(harness.stack().physicalId("RecoveryReportBucket"));
        assertThat(written.path("markdownKey").asText()).isEqualTo("recovery-reports/" + incidentId + "/" + run.name() + "/recovery-report.md");
        assertThat(object(written.path("markdownKey").asText())).startsWith("# Recovery report — " + incidentId)
                .contains("alarm exchange-trading-api-green-unhealthy-hosts — 2 unhealthy hosts for 3 datapoints")
                .contains("| 4 | trading-api | in scope |");
    }

    @Test
    void aHaltedPlan_writesAHaltedReportWithTheFailedCheckAndHowToResume() throws Exception {
        execute("UPDATE balances SET available = available + 1 WHERE account_id = 1042 AND asset_code = 'ETH'");
        try {
            DescribeExecutionResponse execution = run("report-halted", """
                    {"incidentId":"INC-REPORT-2","scope":["wallet"],"scenario":"application-failure"}""");

            assertThat(execution.status().toString()).isEqualTo("FAILED");
            String markdown = object("recovery-reports/INC-REPORT-2/report-halted/recovery-report.md");
            assertThat(markdown).contains("**Verdict: HALTED**")
                    .contains("| balances-match-ledger | **FAILED** |")
                    .contains("aws stepfunctions start-execution --state-machine-arn ")
                    .contains("\"resume\":true");
        } finally {
            execute("UPDATE balances SET available = available - 1 WHERE account_id = 1042 AND asset_code = 'ETH'");
        }
    }

    @Test
    void anIncidentThatWasNeverOpened_isANamedError() {
        LocalLambdaEndpoint.Result result = harness.aws().lambdas().invoke(harness.stack().functionName("WriteRecoveryReportFunction"),
                "{\"incidentId\":\"INC-never-opened\"}");

        assertThat(result.errorType()).isEqualTo("exchange.recovery.incident.IncidentNotFound");
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = harness.postgres().orElseThrow().connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
