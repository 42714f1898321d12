package exchange.recovery.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.incident.OpenIncidentHandler;
import exchange.recovery.local.aws.LambdaInvocation;
import exchange.recovery.local.aws.LocalAws;
import exchange.recovery.local.aws.LocalFunction;
import exchange.recovery.router.AlarmRouter;
import exchange.recovery.router.RecoveryExecutions;
import exchange.recovery.router.ReleaseScopeLockHandler;
import exchange.recovery.router.RouterSettings;
import exchange.recovery.router.RoutingDecision;
import exchange.recovery.router.RoutingDecision.Action;
import exchange.recovery.router.RoutingTable;
import exchange.recovery.router.ScopeLocks;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * statemachines/platform-recovery.asl.json on the emulator with its real handlers: a console input is
 * validated first (a bad one fails the execution before anything starts), and a recovery started by
 * the alarm router frees its scope at its end.
 */
class PlatformRecoveryStartTest {

    private static final Duration MIN_INTERVAL = Duration.ofMinutes(30);
    private static final Duration LEASE = Duration.ofHours(12);

    private static LocalAws aws;
    private static String stateMachine;
    private static String incidentTable;
    private static String lockTable;

    @BeforeAll
    static void deploy() throws IOException {
        aws = LocalAws.start();
        incidentTable = table("incidents-", "incidentId");
        lockTable = table("scope-locks-", "scopeKey");
        String topic = aws.clients().sns().createTopic(builder -> builder.name("recovery-" + UUID.randomUUID())).topicArn();
        register("ValidatePlanInputFunction", ValidatePlanInputHandler.class, Map.of());
        register("OpenIncidentFunction", OpenIncidentHandler.class, Map.of("INCIDENT_TABLE", incidentTable));
        register("ReleaseScopeLockFunction", ReleaseScopeLockHandler.class, Map.of("LOCK_TABLE", lockTable,
                "MIN_MINUTES_BETWEEN_RECOVERIES", "30", "SCOPE_LOCK_LEASE_MINUTES", "720"));
        String definition = Files.readString(Path.of("statemachines/platform-recovery.asl.json"))
                .replace("${ValidatePlanInputFunctionArn}", aws.lambdas().functionArn("ValidatePlanInputFunction") + ":live")
                .replace("${OpenIncidentFunctionArn}", aws.lambdas().functionArn("OpenIncidentFunction") + ":live")
                .replace("${ReleaseScopeLockFunctionArn}", aws.lambdas().functionArn("ReleaseScopeLockFunction") + ":live")
                .replace("${NotificationTopicArn}", topic);
        assertThat(definition).doesNotContain("${");
        stateMachine = aws.clients().stepFunctions().createStateMachine(builder -> builder.name("platform-recovery")
                .definition(definition).roleArn("arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/platform-recovery")).stateMachineArn();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void badConsoleInput_failsTheExecutionAtOnceListingEveryProblem() throws IOException {
        // WHEN an operator starts the plan with a wrong input
        DescribeExecutionResponse execution = run("bad-input", Files.readString(Path.of("events/console-invalid.json")));

        // THEN the execution fails in its first state, saying everything that is wrong
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("InvalidPlanInput");
        assertThat(execution.cause()).contains("incidentId is required", "\\\"databse\\\" is not a known tier",
                "\\\"meteor-strike\\\" is not one of", "restoreTime 2999-01-01T00:00:00Z is in the future");
        // AND nothing was started: no incident, no other function invoked
        assertThat(invocationsOf(execution.executionArn())).extracting(LambdaInvocation::functionName)
                .containsExactly("ValidatePlanInputFunction");
    }

    @Test
    void minimalConsoleInput_runsThePlanWithTheDefaults() {
        DescribeExecutionResponse execution = run("console-minimal", "{\"incidentId\":\"INC-123\",\"scope\":[\"database\"]}");

        assertThat(execution.status()).as("%s: %s", execution.error(), execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.read(execution.output());
        assertThat(output.get("scenario").asText()).isEqualTo("instance-failure");
        assertThat(output.get("requestedBy").asText()).isEqualTo("console");
        assertThat(output.at("/incident/record/incident/trigger/source").asText()).isEqualTo("CONSOLE");
        assertThat(output.at("/scopeLock/released").asBoolean()).as("a console start holds no scope lock").isFalse();
        assertThat(incident("INC-123")).containsEntry("triggerSource", AttributeValue.fromS("CONSOLE"));
    }

    @Test
    void alarmStartedRecovery_recordsItsTriggerAndFreesItsScopeAtTheEnd() {
        // GIVEN the router in front of the real plan
        Clock clock = Clock.systemUTC();
        ScopeLocks locks = new ScopeLocks(aws.clients().dynamoDb(), lockTable, MIN_INTERVAL, LEASE);
        AlarmRouter router = new AlarmRouter(RoutingTable.fromClasspath(), new PlanInputValidator(clock), locks,
                new RecoveryExecutions(aws.clients().stepFunctions()), arn -> Map.of(),
                new RouterSettings(Map.of("platform-recovery", stateMachine), lockTable, MIN_INTERVAL, LEASE,
                        RouterSettings.DEFAULT_START_GRACE), clock);

        // WHEN the wallet database alarm fires
        RoutingDecision decision = router.route(alarm("exchange-wallet-db-unavailable", Instant.now()));

        // THEN the plan runs with the alarm as its trigger and releases the scope at its end
        assertThat(decision.action()).isEqualTo(Action.STARTED);
        DescribeExecutionResponse execution = awaitEnd(decision.executionArn());
        assertThat(execution.status()).as("%s: %s", execution.error(), execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.read(execution.output());
        assertThat(output.get("scope")).isEqualTo(Json.read("[\"database\", \"wallet\"]"));
        assertThat(output.at("/trigger/alarmName").asText()).isEqualTo("exchange-wallet-db-unavailable");
        assertThat(output.at("/scopeLock/released").asBoolean()).isTrue();
        assertThat(incident(decision.incidentId())).containsEntry("alarmName", AttributeValue.fromS("exchange-wallet-db-unavailable"));
        assertThat(locks.find("platform-recovery#database,wallet").flatMap(ScopeLocks.State::holder)).isEmpty();
        // AND the alarm flapping right after is suppressed
        RoutingDecision flap = router.route(alarm("exchange-wallet-db-unavailable", Instant.now().plusSeconds(60)));
        assertThat(flap.action()).isEqualTo(Action.SUPPRESSED);
        assertThat(flap.reason()).startsWith("flapping");
    }

    private static JsonNode alarm(String name, Instant changedAt) {
        try {
            String event = Files.readString(Path.of("events/alarm-database-instance-failure.json"))
                    .replace("exchange-db-primary-unavailable", name)
                    .replace("2026-11-28T03:00:05.123+0000", changedAt.toString());
            return Json.read(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DescribeExecutionResponse run(String name, String input) {
        String executionArn = aws.clients().stepFunctions().startExecution(builder -> builder.stateMachineArn(stateMachine)
                .name(name + "-" + UUID.randomUUID().toString().substring(0, 8)).input(input)).executionArn();
        return awaitEnd(executionArn);
    }

    private static DescribeExecutionResponse awaitEnd(String executionArn) {
        Instant deadline = Instant.now().plusSeconds(60);
        Predicate<DescribeExecutionResponse> ended = execution -> execution.status() != ExecutionStatus.RUNNING;
        DescribeExecutionResponse execution = describe(executionArn);
        while (!ended.test(execution)) {
            assertThat(Instant.now()).as("%s still running", executionArn).isBefore(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            execution = describe(executionArn);
        }
        return execution;
    }

    private static DescribeExecutionResponse describe(String executionArn) {
        return aws.clients().stepFunctions().describeExecution(builder -> builder.executionArn(executionArn));
    }

    /** The local invocations made on behalf of one execution (their payloads name it or carry its input). */
    private static List<LambdaInvocation> invocationsOf(String executionArn) {
        String name = executionArn.substring(executionArn.lastIndexOf(':') + 1);
        return aws.lambdas().invocations().stream()
                .filter(invocation -> invocation.request().contains(name)
                        || invocation.request().contains("meteor-strike"))
                .toList();
    }

    private static Map<String, AttributeValue> incident(String incidentId) {
        return aws.clients().dynamoDb().getItem(builder -> builder.tableName(incidentTable)
                .key(Map.of("incidentId", AttributeValue.fromS(incidentId)))).item();
    }

    private static String table(String prefix, String key) {
        String name = prefix + UUID.randomUUID();
        aws.clients().dynamoDb().createTable(builder -> builder.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(key).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(key).keyType(KeyType.HASH).build()));
        return name;
    }

    private static void register(String name, Class<?> handler, Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>(aws.awsVariables());
        environment.putAll(variables);
        aws.lambdas().register(new LocalFunction(name, handler.getName() + "::handleRequest", environment, Duration.ofSeconds(60)));
    }
}
