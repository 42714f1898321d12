package exchange.recovery.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.aws.CloudWatchAlarms;
import exchange.recovery.local.aws.DeployedStack;
import exchange.recovery.local.aws.Executions;
import exchange.recovery.local.aws.LocalAws;
import exchange.recovery.local.aws.LocalLambdaEndpoint;
import exchange.recovery.local.drill.DrillHarness;
import exchange.recovery.local.drill.Need;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * The report step as deployed by template.yaml: at the end of a plan, WriteRecoveryReportFunction renders the
 * incident's report from its record and execution history and writes it to the stack's report bucket.
 */
class WriteRecoveryReportEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static DrillHarness harness;
    private static LocalAws aws;
    private static DeployedStack stack;

    @BeforeAll
    static void deploy() {
        harness = DrillHarness.start(DrillHarness.Settings.of(Path.of("."), Set.of(Need.POSTGRES), List.of()));
        aws = harness.aws();
        stack = harness.stack();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void atTheEndOfAPlan_theReportStepWritesMarkdownAndHtmlToTheReportBucket() {
        Executions executions = harness.executions();
        String machine = stack.stateMachine("PlatformRecoveryStateMachine");
        CloudWatchAlarms alarms = new CloudWatchAlarms(aws.endpoint());
        alarms.putMetricAlarm("exchange-trading-api-green-unhealthy-hosts", "AWS/ApplicationELB", "UnHealthyHostCount",
                "GreaterThanThreshold", 0, "Unhealthy hosts behind the trading API");
        alarms.setAlarmState("exchange-trading-api-green-unhealthy-hosts", "ALARM", "2 unhealthy hosts for 3 datapoints");
        ExecutionListItem run = executions.awaitExecutions(machine, 1, TIMEOUT).get(0);
        String output = executions.awaitEnd(run.executionArn(), TIMEOUT).output();
        JsonNode written = Json.read(output).at("/report/value");
        String incidentId = Json.read(output).path("incidentId").asText();

        String bucket = stack.physicalId("RecoveryReportBucket");
        assertThat(written.path("bucket").asText()).as(output).isEqualTo(bucket);
        assertThat(written.path("markdownKey").asText()).isEqualTo("recovery-reports/" + incidentId + "/" + run.name() + "/recovery-report.md");
        String markdown = aws.clients().s3().getObjectAsBytes(b -> b.bucket(bucket).key(written.path("markdownKey").asText())).asUtf8String();
        String html = aws.clients().s3().getObjectAsBytes(b -> b.bucket(bucket).key(written.path("htmlKey").asText())).asUtf8String();
        assertThat(markdown).startsWith("# Recovery report — " + incidentId)
                .contains("exchange-trading-api-green-unhealthy-hosts").contains("2 unhealthy hosts for 3 datapoints")
                .contains("trading-api");
        assertThat(html).contains("<svg").contains(incidentId);
    }

    @Test
    void anIncidentThatWasNeverOpened_isANamedError() {
        LocalLambdaEndpoint.Result result = aws.lambdas().invoke(stack.functionName("WriteRecoveryReportFunction"),
                "{\"incidentId\":\"INC-never-opened\"}");

        assertThat(result.errorType()).isEqualTo("exchange.recovery.incident.IncidentNotFound");
    }
}
