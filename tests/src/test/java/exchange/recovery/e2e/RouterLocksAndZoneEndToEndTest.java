package exchange.recovery.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.core.Tier;
import exchange.recovery.local.deploy.DeployedStack;
import exchange.recovery.local.emulator.Executions;
import exchange.recovery.local.emulator.LambdaInvocation;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.local.emulator.LocalFunction;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.exchange.LocalExchange;
import exchange.recovery.local.stack.Need;
import exchange.recovery.router.RecoveryExecutions;
import exchange.recovery.router.ScopeKey;
import exchange.recovery.router.ScopeLocks;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * The router's contract with the plan as template.yaml deploys it: the Availability Zone of an alarm
 * reaches the database failover through platform-recovery and tier-recovery, and a plan releases its
 * locks by its execution on every path, even one that halted before its input had a scope.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouterLocksAndZoneEndToEndTest {

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
    @Order(1)
    void databaseAlarmOnAZone_reachesTheFailoverWhichKeepsThePrimaryOutOfIt() {
        // GIVEN the exchange database's primary runs in one zone, and an alarm about another zone
        String primaryZone = aws.clients().rds().describeDBInstances(b -> b.dbInstanceIdentifier(LocalExchange.DATABASE_INSTANCE))
                .dbInstances().get(0).availabilityZone();
        String affectedZone = primaryZone.endsWith("a") ? primaryZone.replaceAll("a$", "b") : primaryZone.replaceAll(".$", "a");
        int before = executions.list(machine).size();
        Instant changedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        // WHEN the database alarm's state change, whose metric names that zone, reaches the bus
        try (EventBridgeClient events = aws.clients().configure(EventBridgeClient.builder()).build()) {
            var result = events.putEvents(b -> b.entries(e -> e.source("aws.cloudwatch")
                    .detailType("CloudWatch Alarm State Change")
                    .resources("arn:aws:cloudwatch:us-east-1:123456789012:alarm:exchange-db-primary-unavailable")
                    .detail(Json.write(Map.of(
                            "alarmName", "exchange-db-primary-unavailable",
                            "state", Map.of("value", "ALARM", "reason", "Threshold Crossed", "timestamp", changedAt.toString()),
                            "previousState", Map.of("value", "OK", "reason", "", "timestamp", changedAt.minusSeconds(300).toString()),
                            "configuration", Map.of("description", "Primary unavailable", "metrics", List.of(Map.of(
                                    "id", "m1", "metricStat", Map.of("metric", Map.of("namespace", "AWS/RDS",
                                            "name", "DatabaseConnections",
                                            "dimensions", Map.of("AvailabilityZone", affectedZone)))))))))));
            assertThat(result.failedEntryCount()).isZero();
        }
        String executionArn = executions.awaitExecutions(machine, before + 1, TIMEOUT).get(0).executionArn();

        // THEN the failover step was told the zone, and requested no failover: the primary is already elsewhere
        // (the plan goes on to wait for the withdrawal approvals: it is stopped once the failover has answered)
        LambdaInvocation failover = Executions.await(() -> aws.lambdas().invocations().stream()
                .filter(call -> call.functionName().contains("RdsFailoverFunction"))
                .filter(call -> call.request().contains("ALARM-exchange-db-primary-unavailable"))
                .findFirst().orElse(null), TIMEOUT, "the failover step of " + executionArn);
        aws.clients().stepFunctions().stopExecution(b -> b.executionArn(executionArn).cause("test over"));
        assertThat(Json.read(failover.request()).path("affectedAvailabilityZone").asText()).isEqualTo(affectedZone);
        assertThat(Json.read(failover.response()).path("action").asText()).as(failover.response()).isEqualTo("not-needed");
    }

    @Test
    @Order(2) // last: it leaves the stack's input validation broken
    void planHaltedBeforeItsInputHadAScope_releasesItsLocksByItsExecution() {
        // GIVEN a recovery locked for its execution, whose input names a scenario but no scope, and whose
        // input validation fails for a reason other than the input (the step's function cannot run)
        ScopeLocks locks = new ScopeLocks(aws.clients().dynamoDb(), stack.physicalId("ScopeLockTable"), Duration.ofMinutes(30));
        ScopeKey scope = ScopeKey.of("platform-recovery", List.of("market-data"));
        String name = "platform-recovery-mkt-halted-" + Instant.now().getEpochSecond();
        String executionArn = RecoveryExecutions.executionArn(machine, name);
        assertThat(locks.acquire(new ScopeLocks.Request(scope, executionArn, name, "INC-HALT-1", "exchange-market-data-a-node-down"),
                Instant.now())).isInstanceOf(ScopeLocks.Acquired.class);
        String validator = stack.functionName("ValidatePlanInputFunction");
        aws.lambdas().register(new LocalFunction(validator, "exchange.recovery.plan.NoSuchHandler::handleRequest", Map.of(),
                Duration.ofSeconds(10)));

        // WHEN the plan runs
        aws.clients().stepFunctions().startExecution(b -> b.stateMachineArn(machine).name(name)
                .input("{\"incidentId\":\"INC-HALT-1\",\"scenario\":\"node-failure\"}"));
        DescribeExecutionResponse execution = executions.awaitEnd(executionArn, TIMEOUT);

        // THEN it halted through its release step, which freed the scope and the tier
        assertThat(execution.error()).as(executions.firstFailure(executionArn).orElse("no failure")).isEqualTo("RecoveryHalted");
        assertThat(locks.find(scope.key()).flatMap(ScopeLocks.State::holder)).isEmpty();
        assertThat(locks.find(ScopeLocks.resourceKey(Tier.MARKET_DATA))).isEmpty();
        JsonNode released = aws.lambdas().invocations().stream()
                .filter(call -> call.functionName().contains("ReleaseScopeLockFunction") && call.request().contains(name))
                .map(call -> Json.read(call.response())).findFirst().orElseThrow();
        assertThat(released.path("released").asBoolean()).isTrue();
    }
}
