package exchange.recovery.rds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import exchange.recovery.core.Json;
import exchange.recovery.incident.Incident;
import exchange.recovery.incident.IncidentStore;
import exchange.recovery.incident.IncidentTrigger;
import exchange.recovery.local.emulator.LambdaInvocation;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.exchange.ExchangeSetup;
import exchange.recovery.local.stack.Need;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * RDS throttling outlasting the SDK's own retries (3 attempts) reaches the state machine as
 * {@code exchange.recovery.rds.RdsThrottled}; the tier's Retry must absorb it and the tier still recover.
 * The functions reach the emulator through {@link ThrottlingRdsProxy}, which answers the first
 * DescribeDBInstances calls (the failover's first RDS call) as throttled.
 */
class RdsThrottlingPlanTest {

    /** More than the SDK's 3 attempts: the first invocation fails, the state machine's retry recovers. */
    private static final int THROTTLES = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static ThrottlingRdsProxy proxy;
    private static DrillHarness harness;

    @BeforeAll
    static void start() {
        proxy = ThrottlingRdsProxy.start("DescribeDBInstances", THROTTLES);
        ExchangeSetup setup = new ExchangeSetup().functionVariable("AWS_ENDPOINT_URL", proxy.url());
        harness = DrillHarness.start(new DrillHarness.Settings(Path.of("."), EnumSet.of(Need.POSTGRES), List.of(), 1000,
                "exchange-recovery", setup));
        proxy.forwardTo(harness.aws().endpoint());
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void databaseFailover_throttledLongerThanTheSdkRetries_isRetriedByThePlanAndTheTierRecovers() {
        // GIVEN an open incident whose database tier fails over, and RDS throttling the failover's first calls
        IncidentStore incidents = new IncidentStore(harness.aws().clients().dynamoDb(), harness.stack().physicalId("IncidentTable"));
        Instant started = Instant.now();
        incidents.open(new Incident("INC-THROTTLED", "platform-recovery", List.of("database"),
                new IncidentTrigger(IncidentTrigger.CONSOLE, null, "throttling drill", null), "test", started));

        // WHEN the tier plan runs
        String arn = harness.aws().clients().stepFunctions().startExecution(b -> b
                .stateMachineArn(harness.stack().stateMachine("TierRecoveryStateMachine")).name("throttled-database")
                .input(Json.write(java.util.Map.of("incidentId", "INC-THROTTLED", "tier", "database", "inScope", true,
                        "scenario", "database-instance-failure", "incidentStartedAt", started.toString(),
                        "options", java.util.Map.of(), "withdrawalsPaused", false)))).executionArn();
        DescribeExecutionResponse execution = harness.executions().awaitEnd(arn, TIMEOUT);

        // THEN the tier recovered
        assertThat(execution.status()).as(harness.executions().firstFailure(arn).orElse("no failure"))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        // AND its first failover invocation failed as throttled after the SDK's retries, the plan's retry succeeded
        assertThat(proxy.throttled()).isEqualTo(THROTTLES);
        List<LambdaInvocation> failovers = harness.aws().lambdas().invocations().stream()
                .filter(invocation -> harness.handlerOf(invocation.functionName()).orElse("").endsWith("RdsFailoverHandler"))
                .toList();
        assertThat(failovers).extracting(LambdaInvocation::errorType)
                .containsExactly("exchange.recovery.rds.RdsThrottled", null);
        // AND the tier's outcome and gate are recorded
        assertThat(incidents.tiers("INC-THROTTLED")).singleElement().satisfies(tier -> {
            assertThat(tier.tier()).isEqualTo("database");
            assertThat(tier.outcome()).isEqualTo("RECOVERED");
        });
        assertThat(Json.read(execution.output()).at("/recovery/failover/value/writeVerified").asBoolean()).isTrue();
    }
}
