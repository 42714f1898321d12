package exchange.recovery.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
import exchange.recovery.local.aws.StackDeployer;
import exchange.recovery.local.template.SamTemplate;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * The report step as deployed by template.yaml: after a plan ran, WriteRecoveryReportFunction renders the
 * incident's report from its record and execution history and writes it to the stack's report bucket.
 */
class WriteRecoveryReportEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static LocalAws aws;
    private static DeployedStack stack;

    @BeforeAll
    static void deploy() {
        aws = LocalAws.start();
        stack = new StackDeployer(aws, "exchange-recovery", Map.of(), Map.of()).deploy(SamTemplate.load(Path.of("template.yaml")));
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void afterAPlanRan_theReportFunctionWritesMarkdownAndHtmlToTheReportBucket() {
        Executions executions = new Executions(aws.clients().stepFunctions());
        String machine = stack.stateMachine("PlatformRecoveryStateMachine");
        CloudWatchAlarms alarms = new CloudWatchAlarms(aws.endpoint());
        alarms.putMetricAlarm("exchange-db-primary-unavailable", "AWS/RDS", "DatabaseConnections", "LessThanThreshold", 1,
                "Primary database unreachable");
        alarms.setAlarmState("exchange-db-primary-unavailable", "ALARM", "Primary unreachable for 3 datapoints");
        ExecutionListItem run = executions.awaitExecutions(machine, 1, TIMEOUT).get(0);
        String output = executions.awaitEnd(run.executionArn(), TIMEOUT).output();
        String incidentId = Json.read(output).at("/incident/record/incidentId").asText();

        LocalLambdaEndpoint.Result result = aws.lambdas().invoke(stack.functionName("WriteRecoveryReportFunction"),
                Json.write(Map.of("incidentId", incidentId, "executionArn", run.executionArn())));

        assertThat(result.failed()).as(result.payload()).isFalse();
        JsonNode written = Json.read(result.payload());
        String bucket = stack.physicalId("RecoveryReportBucket");
        assertThat(written.path("bucket").asText()).isEqualTo(bucket);
        assertThat(written.path("markdownKey").asText()).isEqualTo("recovery-reports/" + incidentId + "/" + run.name() + "/recovery-report.md");
        assertThat(written.path("verdict").asText()).isEqualTo("NOT_MEASURED");
        String markdown = aws.clients().s3().getObjectAsBytes(b -> b.bucket(bucket).key(written.path("markdownKey").asText())).asUtf8String();
        String html = aws.clients().s3().getObjectAsBytes(b -> b.bucket(bucket).key(written.path("htmlKey").asText())).asUtf8String();
        assertThat(markdown).startsWith("# Recovery report — " + incidentId)
                .contains("alarm exchange-db-primary-unavailable — Primary unreachable for 3 datapoints")
                .contains("| Recovery started |").contains("| OpenIncident |");
        assertThat(html).contains("<svg").contains(incidentId);
    }

    @Test
    void anIncidentThatWasNeverOpened_isANamedError() {
        LocalLambdaEndpoint.Result result = aws.lambdas().invoke(stack.functionName("WriteRecoveryReportFunction"),
                "{\"incidentId\":\"INC-never-opened\"}");

        assertThat(result.errorType()).isEqualTo("exchange.recovery.incident.IncidentNotFound");
    }
}
