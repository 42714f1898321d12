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
 * An alarm state change on the local event bus starts the platform plan from statemachines/, which
 * runs our Java handler, which writes to the emulator: the whole path as deployed by template.yaml.
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
    void alarmEventOnTheBus_runsThePlanThroughTheJavaHandler_threeTimesOver() {
        String machine = stack.stateMachine("PlatformRecoveryStateMachine");
        int before = executions.list(machine).size();
        Instant firstChange = Instant.parse("2026-11-28T03:00:00Z");

        try (EventBridgeClient events = aws.clients().configure(EventBridgeClient.builder()).build()) {
            for (int i = 0; i < 3; i++) {
                String detail = alarmDetail("exchange-api-5xx-rate", firstChange.plusSeconds(60L * i));
                var result = events.putEvents(b -> b.entries(e -> e.source("aws.cloudwatch")
                        .detailType("CloudWatch Alarm State Change").detail(detail)));
                assertThat(result.failedEntryCount()).isZero();
            }
        }

        List<ExecutionListItem> started = executions.awaitExecutions(machine, before + 3, TIMEOUT);
        for (ExecutionListItem item : started.subList(0, 3)) {
            DescribeExecutionResponse execution = executions.awaitEnd(item.executionArn(), TIMEOUT);
            assertThat(execution.status()).as(executions.firstFailure(item.executionArn()).orElse("no failure")).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Json.read(execution.output()).at("/incident/record/incidentId").asText()).startsWith("ALARM-exchange-api-5xx-rate-");
            List<HistoryEvent> history = executions.history(item.executionArn());
            assertThat(history).anyMatch(event -> event.typeAsString().equals("TaskSucceeded")
                    && event.taskSucceededEventDetails().resourceType().equals("lambda"));
        }
        for (int i = 0; i < 3; i++) {
            String incidentId = "ALARM-exchange-api-5xx-rate-" + firstChange.plusSeconds(60L * i).getEpochSecond();
            Map<String, AttributeValue> item = aws.clients().dynamoDb().getItem(b -> b
                    .tableName(stack.physicalId("IncidentTable"))
                    .key(Map.of("incidentId", AttributeValue.fromS(incidentId)))).item();
            assertThat(item).as("incident %s recorded", incidentId).containsKey("executionId");
            assertThat(item.get("alarmName").s()).isEqualTo("exchange-api-5xx-rate");
        }
    }

    @Test
    void alarmStateChangeInCloudWatch_reachesThePlan() {
        String machine = stack.stateMachine("PlatformRecoveryStateMachine");
        CloudWatchAlarms alarms = new CloudWatchAlarms(aws.endpoint());
        alarms.putMetricAlarm("exchange-matching-engine-heartbeat", "Exchange", "EngineHeartbeat", "LessThanThreshold",
                1.0, "Matching engine heartbeat");
        int before = executions.list(machine).size();

        alarms.setAlarmState("exchange-matching-engine-heartbeat", "ALARM", "Heartbeat missing for 3 datapoints");

        ExecutionListItem newest = executions.awaitExecutions(machine, before + 1, TIMEOUT).get(0);
        DescribeExecutionResponse execution = executions.awaitEnd(newest.executionArn(), TIMEOUT);
        assertThat(execution.status()).as(executions.firstFailure(newest.executionArn()).orElse("no failure"))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.read(execution.output()).at("/incident/record/trigger/reason").asText())
                .isEqualTo("Heartbeat missing for 3 datapoints");
        assertThat(alarms.state("exchange-matching-engine-heartbeat")).isEqualTo("ALARM");
    }

    private static String alarmDetail(String alarmName, Instant changedAt) {
        return Json.write(Map.of(
                "alarmName", alarmName,
                "state", Map.of("value", "ALARM", "reason", "Threshold Crossed", "timestamp", changedAt.toString()),
                "previousState", Map.of("value", "OK", "reason", "", "timestamp", changedAt.minusSeconds(300).toString()),
                "configuration", Map.of("description", "API 5xx rate", "metrics", List.of())));
    }
}
