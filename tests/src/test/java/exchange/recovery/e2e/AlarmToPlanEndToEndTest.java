package exchange.recovery.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.emulator.CloudWatchAlarms;
import exchange.recovery.local.deploy.DeployedStack;
import exchange.recovery.local.emulator.Executions;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.stack.Need;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The whole path as template.yaml deploys it: an alarm state change on the local event bus reaches
 * the router (a Java Lambda), which starts the platform plan from statemachines/, whose tasks run
 * our Java handlers against the emulator and the exchange's PostgreSQL. Three executions of the one state machine, from the three
 * ways a recovery starts: an event on the bus, a CloudWatch alarm changing state, the console.
 */
class AlarmToPlanEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static DrillHarness harness;
    private static LocalAws aws;
    private static DeployedStack stack;
    private static Executions executions;
    private static String machine;

    @BeforeAll
    static void deploy() {
        harness = DrillHarness.start(DrillHarness.Settings.of(Path.of("."), Set.of(Need.POSTGRES), List.of()));
        aws = harness.aws();
        stack = harness.stack();
        executions = harness.executions();
        machine = stack.stateMachine("PlatformRecoveryStateMachine");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void alarmEventOnTheBus_isRoutedToThePlanWhichRecordsTheIncident() {
        int before = executions.list(machine).size();
        Instant changedAt = Instant.parse("2026-11-28T03:00:00Z");

        try (EventBridgeClient events = aws.clients().configure(EventBridgeClient.builder()).build()) {
            var result = events.putEvents(b -> b.entries(e -> e.source("aws.cloudwatch")
                    .detailType("CloudWatch Alarm State Change")
                    .resources("arn:aws:cloudwatch:us-east-1:123456789012:alarm:exchange-trading-api-blue-unhealthy-hosts")
                    .detail(alarmDetail("exchange-trading-api-blue-unhealthy-hosts", changedAt))));
            assertThat(result.failedEntryCount()).isZero();
        }

        JsonNode output = succeeded(executions.awaitExecutions(machine, before + 1, TIMEOUT).get(0));
        String incidentId = output.at("/plan/value/incident/incidentId").asText();
        Map<String, AttributeValue> item = aws.clients().dynamoDb().getItem(b -> b
                .tableName(stack.physicalId("IncidentTable"))
                .key(Map.of("incidentId", AttributeValue.fromS(incidentId)))).item();
        assertThat(item).as("incident %s recorded", incidentId).containsKey("executionId");
        assertThat(item.get("alarmName").s()).isEqualTo("exchange-trading-api-blue-unhealthy-hosts");
        assertThat(item.get("scope").l()).extracting(AttributeValue::s).containsExactly("trading-api");
        assertThat(aws.lambdas().invocations()).anyMatch(call -> call.functionName().contains("RouteAlarmFunction"));
    }

    @Test
    void alarmStateChangeInCloudWatch_reachesThePlanWithItsReason() {
        CloudWatchAlarms alarms = new CloudWatchAlarms(aws.endpoint());
        alarms.putMetricAlarm("exchange-matching-engine-primary-down", "Exchange", "EngineHeartbeat", "LessThanThreshold",
                1.0, "Matching engine heartbeat");
        int before = executions.list(machine).size();

        alarms.setAlarmState("exchange-matching-engine-primary-down", "ALARM", "Heartbeat missing for 3 datapoints");

        JsonNode output = succeeded(executions.awaitExecutions(machine, before + 1, TIMEOUT).get(0));
        assertThat(output.at("/plan/value/incident/trigger/reason").asText()).isEqualTo("Heartbeat missing for 3 datapoints");
        assertThat(output.at("/plan/value/incident/scope/0").asText()).isEqualTo("matching-engine");
    }

    @Test
    void consoleStart_runsTheSameMachineAgain() {
        var started = aws.clients().stepFunctions().startExecution(b -> b.stateMachineArn(machine).name("console-e2e")
                .input("{\"incidentId\":\"INC-E2E-3\",\"scope\":[\"market-data\"]}"));

        DescribeExecutionResponse execution = executions.awaitEnd(started.executionArn(), TIMEOUT);

        assertThat(execution.status()).as(executions.firstFailure(started.executionArn()).orElse("no failure"))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.read(execution.output()).at("/plan/value/incident/incidentId").asText()).isEqualTo("INC-E2E-3");
    }

    private static JsonNode succeeded(ExecutionListItem item) {
        DescribeExecutionResponse execution = executions.awaitEnd(item.executionArn(), TIMEOUT);
        assertThat(execution.status()).as(executions.firstFailure(item.executionArn()).orElse("no failure"))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(executions.history(item.executionArn())).anyMatch(event -> event.typeAsString().equals("TaskSucceeded")
                && event.taskSucceededEventDetails().resourceType().equals("lambda"));
        return Json.read(execution.output());
    }

    private static String alarmDetail(String alarmName, Instant changedAt) {
        return Json.write(Map.of(
                "alarmName", alarmName,
                "state", Map.of("value", "ALARM", "reason", "Threshold Crossed", "timestamp", changedAt.toString()),
                "previousState", Map.of("value", "OK", "reason", "", "timestamp", changedAt.minusSeconds(300).toString()),
                "configuration", Map.of("description", "Unhealthy hosts behind the trading API", "metrics", List.of())));
    }
}
