package exchange.recovery.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import exchange.recovery.core.Json;
import exchange.recovery.local.aws.CloudWatchAlarms;
import exchange.recovery.local.aws.DeployedStack;
import exchange.recovery.local.aws.Executions;
import exchange.recovery.local.aws.LocalAws;
import exchange.recovery.local.aws.StackDeployer;
import exchange.recovery.local.template.SamTemplate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * An alarm state change on the local event bus reaches the alarm router (an asynchronous Lambda target of
 * the EventBridge rule), which starts the platform plan from statemachines/, which runs our Java handlers,
 * which write to the emulator: the whole path as deployed by template.yaml.
 */
class AlarmToPlanEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static LocalAws aws;
    private static DeployedStack stack;
    private static Executions executions;

    @BeforeAll
    static void deploy() {
        aws = LocalAws.start();
        stack = new StackDeployer(aws, "exchange-recovery", Map.of(), Map.of())
                .deploy(SamTemplate.load(Path.of("template.yaml")));
        executions = new Executions(aws.clients().stepFunctions());
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void alarmEventsOnTheBus_goThroughTheRouter_andRunThePlanThroughTheJavaHandlers_threeTimesOver() {
        // three alarms of three scopes (one scope starts one recovery at a time): three executions of one machine
        String machine = stack.stateMachine("PlatformRecoveryStateMachine");
        int before = executions.list(machine).size();
        Instant firstChange = Instant.now().minusSeconds(60);
        List<String> alarms = List.of("exchange-trading-api-use1-az1-unhealthy-hosts", "exchange-market-data-use1-az2-node-down",
                "exchange-chain-btc-provider-unavailable");

        try (EventBridgeClient events = aws.clients().configure(EventBridgeClient.builder()).build()) {
            for (int i = 0; i < 3; i++) {
                String detail = alarmDetail(alarms.get(i), firstChange.plusSeconds(i));
                var result = events.putEvents(b -> b.entries(e -> e.source("aws.cloudwatch")
                        .detailType("CloudWatch Alarm State Change").detail(detail)));
                assertThat(result.failedEntryCount()).isZero();
            }
        }

        List<ExecutionListItem> started = executions.awaitExecutions(machine, before + 3, TIMEOUT);
        for (ExecutionListItem item : started.subList(0, 3)) {
            DescribeExecutionResponse execution = executions.awaitEnd(item.executionArn(), TIMEOUT);
            assertThat(execution.status()).as(executions.firstFailure(item.executionArn()).orElse("no failure")).isEqualTo(ExecutionStatus.SUCCEEDED);
            String incidentId = Json.read(execution.output()).at("/incident/record/incidentId").asText();
            assertThat(alarms).anySatisfy(alarm -> assertThat(incidentId).startsWith("ALARM-" + alarm + "-"));
            List<HistoryEvent> history = executions.history(item.executionArn());
            assertThat(history).anyMatch(event -> event.typeAsString().equals("TaskSucceeded")
                    && event.taskSucceededEventDetails().resourceType().equals("lambda"));
            Map<String, AttributeValue> record = aws.clients().dynamoDb().getItem(b -> b
                    .tableName(stack.physicalId("IncidentTable"))
                    .key(Map.of("incidentId", AttributeValue.fromS(incidentId)))).item();
            assertThat(record).as("incident %s recorded", incidentId).containsEntry("executionId", AttributeValue.fromS(item.executionArn()));
            assertThat(alarms).contains(record.get("alarmName").s());
        }
    }

    @Test
    void alarmStateChangeInCloudWatch_reachesThePlan() {
        String machine = stack.stateMachine("PlatformRecoveryStateMachine");
        CloudWatchAlarms alarms = new CloudWatchAlarms(aws.endpoint());
        alarms.putMetricAlarm("exchange-matching-engine-primary-down", "Exchange", "EngineHeartbeat", "LessThanThreshold",
                1.0, "Matching engine heartbeat");
        int before = executions.list(machine).size();

        alarms.setAlarmState("exchange-matching-engine-primary-down", "ALARM", "Heartbeat missing for 3 datapoints");

        ExecutionListItem newest = executions.awaitExecutions(machine, before + 1, TIMEOUT).get(0);
        DescribeExecutionResponse execution = executions.awaitEnd(newest.executionArn(), TIMEOUT);
        assertThat(execution.status()).as(executions.firstFailure(newest.executionArn()).orElse("no failure"))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.read(execution.output()).at("/incident/record/trigger/reason").asText())
                .isEqualTo("Heartbeat missing for 3 datapoints");
        assertThat(alarms.state("exchange-matching-engine-primary-down")).isEqualTo("ALARM");
    }

    private static String alarmDetail(String alarmName, Instant changedAt) {
        return Json.write(Map.of(
                "alarmName", alarmName,
                "state", Map.of("value", "ALARM", "reason", "Threshold Crossed", "timestamp", changedAt.toString()),
                "previousState", Map.of("value", "OK", "reason", "", "timestamp", changedAt.minusSeconds(300).toString()),
                "configuration", Map.of("description", "API 5xx rate", "metrics", List.of())));
    }
}
