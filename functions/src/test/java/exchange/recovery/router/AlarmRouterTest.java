package exchange.recovery.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.core.SecurityAlerts;
import exchange.recovery.core.TransientFailure;
import exchange.recovery.plan.PlanInputValidator;
import exchange.recovery.router.RecoveryExecutions.ExecutionState;
import exchange.recovery.router.RecoveryExecutions.StartOutcome;
import exchange.recovery.router.RoutingDecision.Action;
import exchange.recovery.router.ScopeLocks.Acquired;
import exchange.recovery.router.ScopeLocks.CoolingDown;
import exchange.recovery.router.ScopeLocks.Held;
import exchange.recovery.router.ScopeLocks.Reentered;
import exchange.recovery.testing.SampleEvents;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

@ExtendWith(MockitoExtension.class)
class AlarmRouterTest {

    private static final Instant NOW = Instant.parse("2026-11-28T03:00:30Z");
    private static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:platform-recovery";
    private static final String SCOPE = "platform-recovery#database";
    private static final String NAME = "platform-recovery-db-20261128T0300Z";
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:platform-recovery:" + NAME;
    private static final String OTHER = "arn:aws:states:us-east-1:123456789012:execution:platform-recovery:platform-recovery-db-20261128T0250Z";

    @Mock
    private ScopeLocks locks;
    @Mock
    private RecoveryExecutions executions;
    @Mock
    private AlarmTags tags;

    private AlarmRouter router;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        RouterSettings settings = new RouterSettings(Map.of("platform-recovery", STATE_MACHINE), "locks",
                Duration.ofMinutes(30), Duration.ofMinutes(5));
        router = new AlarmRouter(RoutingTable.fromClasspath(), new PlanInputValidator(clock), locks, executions, tags,
                settings, clock);
    }

    @Test
    void okTransition_isIgnoredWithItsReason() {
        RoutingDecision decision = router.route(SampleEvents.load("alarm-ok.json"));

        assertThat(decision.action()).isEqualTo(Action.IGNORED);
        assertThat(decision.reason()).isEqualTo("the alarm changed to OK; only a change to ALARM starts a recovery");
        verifyNoInteractions(locks, executions, tags);
    }

    @Test
    void insufficientData_isIgnored() {
        RoutingDecision decision = router.route(SampleEvents.load("alarm-insufficient-data.json"));

        assertThat(decision.action()).isEqualTo(Action.IGNORED);
        assertThat(decision.reason()).contains("INSUFFICIENT_DATA");
        verifyNoInteractions(locks, executions);
    }

    @Test
    void unknownAlarm_isIgnoredWithItsReason() {
        RoutingDecision decision = router.route(SampleEvents.load("alarm-unknown.json"));

        assertThat(decision.action()).isEqualTo(Action.IGNORED);
        assertThat(decision.alarmName()).isEqualTo("exchange-reporting-batch-late");
        assertThat(decision.reason()).startsWith("no route of the routing table matches alarm 'exchange-reporting-batch-late'");
        verifyNoInteractions(locks, executions, tags);
    }

    @Test
    void malformedEvent_isRejectedAndStartsNothing() {
        assertThatThrownBy(() -> router.route(SampleEvents.load("not-an-alarm.json")))
                .isInstanceOf(MalformedAlarmEvent.class);
        verifyNoInteractions(locks, executions, tags);
    }

    @Test
    void routedAlarm_startsThePlanWithTheAlarmRecordedAsTrigger() {
        // GIVEN a free scope
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), eq(NAME), anyString())).thenReturn(StartOutcome.STARTED);

        // WHEN the database alarm fires
        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        // THEN one execution starts, named for scope and minute, holding the lock under its ARN
        assertThat(decision.action()).isEqualTo(Action.STARTED);
        assertThat(decision.executionArn()).isEqualTo(ARN);
        assertThat(decision.scopeKey()).isEqualTo(SCOPE);
        ArgumentCaptor<ScopeLocks.Request> request = ArgumentCaptor.forClass(ScopeLocks.Request.class);
        verify(locks).acquire(request.capture(), eq(NOW));
        assertThat(request.getValue().executionArn()).isEqualTo(ARN);
        assertThat(request.getValue().scope().key()).isEqualTo(SCOPE);
        // AND the input records the trigger and passes the plan's own validation
        JsonNode input = startedInput();
        assertThat(input.get("incidentId").asText()).isEqualTo("ALARM-exchange-db-primary-unavailable-20261128T030005Z");
        assertThat(input.get("scope")).isEqualTo(Json.read("[\"database\"]"));
        assertThat(input.get("scenario").asText()).isEqualTo("database-instance-failure");
        assertThat(input.get("requestedBy").asText()).isEqualTo("alarm-router");
        assertThat(input.get("trigger")).isEqualTo(Json.read("""
                {"source": "ALARM", "alarmName": "exchange-db-primary-unavailable",
                 "alarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:exchange-db-primary-unavailable",
                 "reason": "Threshold Crossed: 1 out of the last 1 datapoints [1.0 (28/11/26 03:00:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).",
                 "stateChangeTime": "2026-11-28T03:00:05.123Z", "route": "database-instance-failure"}"""));
    }

    @Test
    void dataCorruptionAlarm_recordsWhenTheCorruptionWasDetected() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), anyString(), anyString())).thenReturn(StartOutcome.STARTED);

        router.route(SampleEvents.load("alarm-data-corruption.json"));

        assertThat(startedInput().get("corruptionDetectedAt").asText()).isEqualTo("2026-11-28T03:00:09.004Z");
    }

    @Test
    void routeWithoutScope_recoversTheScopeItsScenarioImplies() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), anyString(), anyString())).thenReturn(StartOutcome.STARTED);

        RoutingDecision decision = router.route(SampleEvents.load("alarm-az-outage.json"));

        assertThat(decision.scope()).containsExactly("database", "wallet", "matching-engine", "trading-api", "market-data",
                "deposits-withdrawals");
        assertThat(decision.executionName()).isEqualTo("platform-recovery-db_wal_eng_api_mkt_dw-20261128T0300Z");
    }

    @Test
    void nameUsedByAnEndedExecution_isADuplicateAndPutsTheLockBack() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), eq(NAME), anyString())).thenReturn(StartOutcome.ALREADY_EXISTS);
        when(executions.describe(ARN)).thenReturn(
                Optional.of(new ExecutionState(ExecutionStatus.SUCCEEDED, Optional.of(NOW.minusSeconds(3600)))));

        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        assertThat(decision.action()).isEqualTo(Action.DUPLICATE);
        verify(locks).abandon(ARN);
    }

    @Test
    void losingTheStartToAnotherDeliveryOfTheSameMinute_leavesTheWinnersLockInPlace() {
        // GIVEN this delivery took the lock, and another delivery of the same minute re-entered it and started
        // the execution (same name, same ARN) before this one called StartExecution
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), eq(NAME), anyString())).thenReturn(StartOutcome.ALREADY_EXISTS);
        when(executions.describe(ARN)).thenReturn(Optional.of(new ExecutionState(ExecutionStatus.RUNNING, Optional.empty())));

        // WHEN this delivery loses StartExecution
        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        // THEN it is a duplicate and the running execution keeps its lock
        assertThat(decision.action()).isEqualTo(Action.DUPLICATE);
        assertThat(decision.reason()).contains("started by another delivery");
        verify(locks, never()).abandon(anyString());
        verify(locks, never()).releaseHeld(any(), any());
    }

    @Test
    void duplicateDelivery_ofAStartedRecovery_startsNothing() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Reentered(lock(ARN)));
        when(executions.describe(ARN)).thenReturn(Optional.of(new ExecutionState(ExecutionStatus.RUNNING, Optional.empty())));

        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        assertThat(decision.action()).isEqualTo(Action.DUPLICATE);
        verify(executions, never()).start(anyString(), anyString(), anyString());
    }

    @Test
    void retryAfterAFailedStart_startsUnderTheSameName() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Reentered(lock(ARN)));
        when(executions.describe(ARN)).thenReturn(Optional.empty());
        when(executions.start(eq(STATE_MACHINE), eq(NAME), anyString())).thenReturn(StartOutcome.STARTED);

        assertThat(router.route(SampleEvents.load("alarm-database-instance-failure.json")).action()).isEqualTo(Action.STARTED);
    }

    @Test
    void transientStartFailure_keepsTheLockForTheRetry() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), eq(NAME), anyString())).thenThrow(new TransientFailure("throttled"));

        assertThatThrownBy(() -> router.route(SampleEvents.load("alarm-database-instance-failure.json")))
                .isInstanceOf(TransientFailure.class);
        verify(locks, never()).abandon(anyString());
    }

    @Test
    void refusedStart_putsTheLockBackAndFails() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), eq(NAME), anyString()))
                .thenThrow(new RecoveryNotStarted("no such state machine", null));

        assertThatThrownBy(() -> router.route(SampleEvents.load("alarm-database-instance-failure.json")))
                .isInstanceOf(RecoveryNotStarted.class);
        verify(locks).abandon(ARN);
    }

    @Test
    void scopeUnderRecovery_suppressesTheAlarm() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Held(lock(OTHER)));
        when(executions.describe(OTHER)).thenReturn(Optional.of(new ExecutionState(ExecutionStatus.RUNNING, Optional.empty())));

        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        assertThat(decision.action()).isEqualTo(Action.SUPPRESSED);
        assertThat(decision.reason()).contains("is being recovered by " + OTHER);
        verify(executions, never()).start(anyString(), anyString(), anyString());
    }

    @Test
    void recentlyRecoveredScope_suppressesTheAlarmAsFlapping() {
        ScopeLocks.State released = new ScopeLocks.State(SCOPE, Optional.empty(), Optional.empty(),
                Optional.of(NOW.minusSeconds(600)), Optional.of(NOW.minusSeconds(300)), Optional.empty());
        when(locks.acquire(any(), eq(NOW))).thenReturn(new CoolingDown(released, NOW.plusSeconds(1500)));
        when(locks.minInterval()).thenReturn(Duration.ofMinutes(30));

        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        assertThat(decision.action()).isEqualTo(Action.SUPPRESSED);
        assertThat(decision.reason()).isEqualTo("flapping: the last recovery of scope platform-recovery#database ended at "
                + "2026-11-28T02:55:30Z; the next may start from 2026-11-28T03:25:30Z (minimum interval 30 min)");
        verify(executions, never()).start(anyString(), anyString(), anyString());
    }

    @Test
    void lockLeftByAnEndedExecution_isTakenOverFromWhenItEnded() {
        // GIVEN the holder was stopped by hand before its release step
        Instant ended = NOW.minusSeconds(3600);
        ScopeLocks.State stale = lock(OTHER);
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Held(stale), new Acquired());
        when(executions.describe(OTHER)).thenReturn(Optional.of(new ExecutionState(ExecutionStatus.ABORTED, Optional.of(ended))));
        when(locks.releaseHeld(stale, Optional.of(ended))).thenReturn(true);
        when(executions.start(eq(STATE_MACHINE), eq(NAME), anyString())).thenReturn(StartOutcome.STARTED);

        // WHEN the alarm fires
        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        // THEN the stale lock is freed as of the holder's end, and the new recovery starts
        assertThat(decision.action()).isEqualTo(Action.STARTED);
        verify(locks).releaseHeld(stale, Optional.of(ended));
    }

    @Test
    void tierLockedByAnOverlappingScope_suppressesTheAlarmWhileThatPlanRuns() {
        // GIVEN an AZ-outage recovery runs and holds the database tier
        ScopeLocks.State database = new ScopeLocks.State("resource#database", Optional.of(OTHER), Optional.empty(),
                Optional.of(NOW.minusSeconds(600)), Optional.empty(), Optional.empty());
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Held(database));
        when(executions.describe(OTHER)).thenReturn(Optional.of(new ExecutionState(ExecutionStatus.RUNNING, Optional.empty())));

        // WHEN the database alarm fires
        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        // THEN no second plan acts on the database
        assertThat(decision.action()).isEqualTo(Action.SUPPRESSED);
        assertThat(decision.reason()).isEqualTo("scope platform-recovery#database acts on resource#database, which is being "
                + "recovered by " + OTHER + " (running since 2026-11-28T02:50:30Z)");
        verify(executions, never()).start(anyString(), anyString(), anyString());
    }

    @Test
    void lockOlderThanAnyLease_isNotTakenOverWhileItsHolderRuns() {
        // GIVEN a plan started three days ago still runs
        ScopeLocks.State old = new ScopeLocks.State(SCOPE, Optional.of(OTHER), Optional.empty(),
                Optional.of(NOW.minus(Duration.ofHours(72))), Optional.empty(), Optional.empty());
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Held(old));
        when(executions.describe(OTHER)).thenReturn(Optional.of(new ExecutionState(ExecutionStatus.RUNNING, Optional.empty())));

        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        assertThat(decision.action()).isEqualTo(Action.SUPPRESSED);
        verify(locks, never()).releaseHeld(any(), any());
    }

    @Test
    void alarmOnAZone_passesTheZoneToThePlan() {
        // GIVEN an AZ-outage alarm whose metric names the zone
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), anyString(), anyString())).thenReturn(StartOutcome.STARTED);
        JsonNode event = SampleEvents.load("alarm-az-outage.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.at("/detail/configuration/metrics/0/metricStat/metric/dimensions"))
                .put("AvailabilityZone", "us-east-1b");

        // WHEN it is routed
        router.route(event);

        // THEN the plan input names the zone, and no tag was read for it
        assertThat(startedInput().get("affectedAvailabilityZone").asText()).isEqualTo("us-east-1b");
        verifyNoInteractions(tags);
    }

    @Test
    void azOutageAlarmWithoutZoneDimension_takesTheZoneFromItsTag() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), anyString(), anyString())).thenReturn(StartOutcome.STARTED);
        when(tags.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:exchange-az-use1-az2-degraded"))
                .thenReturn(Map.of(AlarmRouter.ZONE_TAG, "us-east-1c"));

        router.route(SampleEvents.load("alarm-az-outage.json"));

        assertThat(startedInput().get("affectedAvailabilityZone").asText()).isEqualTo("us-east-1c");
    }

    @Test
    void unreadableZoneTag_startsTheRecoveryWithoutAZone() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), anyString(), anyString())).thenReturn(StartOutcome.STARTED);
        when(tags.of(anyString())).thenThrow(new TransientFailure("throttled"));

        RoutingDecision decision = router.route(SampleEvents.load("alarm-az-outage.json"));

        assertThat(decision.action()).isEqualTo(Action.STARTED);
        assertThat(startedInput().get("affectedAvailabilityZone").isNull()).isTrue();
    }

    @Test
    void alarmWithoutAZone_leavesTheZoneUnknown() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), anyString(), anyString())).thenReturn(StartOutcome.STARTED);

        router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        assertThat(startedInput().get("affectedAvailabilityZone").isNull()).isTrue();
    }

    @Test
    void suppressedAlarm_isReportedToTheSecurityTopic() {
        // GIVEN a router with a security topic and a scope under recovery
        SecurityAlerts alerts = org.mockito.Mockito.mock(SecurityAlerts.class);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        AlarmRouter alerting = new AlarmRouter(RoutingTable.fromClasspath(), new PlanInputValidator(clock), locks, executions,
                tags, new RouterSettings(Map.of("platform-recovery", STATE_MACHINE), "locks", Duration.ofMinutes(30),
                Duration.ofMinutes(5)), alerts, clock);
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Held(lock(OTHER)));
        when(executions.describe(OTHER)).thenReturn(Optional.of(new ExecutionState(ExecutionStatus.RUNNING, Optional.empty())));

        // WHEN the alarm fires, an unknown alarm fires, and an alarm goes back to OK
        alerting.route(SampleEvents.load("alarm-database-instance-failure.json"));
        alerting.route(SampleEvents.load("alarm-unknown.json"));
        alerting.route(SampleEvents.load("alarm-ok.json"));

        // THEN the suppression and the unrouted ALARM are reported, the OK change is not
        ArgumentCaptor<Map<String, String>> details = ArgumentCaptor.captor();
        verify(alerts).publish(eq("router.suppressed"), details.capture());
        assertThat(details.getValue()).containsEntry("alarmName", "exchange-db-primary-unavailable")
                .containsEntry("scopeKey", SCOPE).containsKey("reason");
        verify(alerts).publish(eq("router.ignored"), details.capture());
        assertThat(details.getValue()).containsEntry("alarmName", "exchange-reporting-batch-late");
        org.mockito.Mockito.verifyNoMoreInteractions(alerts);
    }

    @Test
    void lockForAnExecutionBeingStarted_suppressesTheAlarm() {
        ScopeLocks.State fresh = new ScopeLocks.State(SCOPE, Optional.of(OTHER), Optional.empty(),
                Optional.of(NOW.minusSeconds(20)), Optional.empty(), Optional.of(NOW.plusSeconds(3600)));
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Held(fresh));
        when(executions.describe(OTHER)).thenReturn(Optional.empty());

        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        assertThat(decision.action()).isEqualTo(Action.SUPPRESSED);
        assertThat(decision.reason()).contains("which is being started");
        verify(locks, never()).releaseHeld(any(), any());
    }

    @Test
    void lockForAnExecutionThatNeverStarted_isTakenOverAfterTheGrace() {
        ScopeLocks.State stale = new ScopeLocks.State(SCOPE, Optional.of(OTHER), Optional.empty(),
                Optional.of(NOW.minusSeconds(600)), Optional.empty(), Optional.of(NOW.plusSeconds(3600)));
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Held(stale), new Acquired());
        when(executions.describe(OTHER)).thenReturn(Optional.empty());
        when(executions.start(eq(STATE_MACHINE), eq(NAME), anyString())).thenReturn(StartOutcome.STARTED);

        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        assertThat(decision.action()).isEqualTo(Action.STARTED);
        verify(locks).releaseHeld(stale, Optional.empty());
    }

    @Test
    void takeOver_isTriedOnlyOnce() {
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Held(lock(OTHER)));
        when(executions.describe(OTHER)).thenReturn(
                Optional.of(new ExecutionState(ExecutionStatus.SUCCEEDED, Optional.of(NOW.minusSeconds(7200)))));

        RoutingDecision decision = router.route(SampleEvents.load("alarm-database-instance-failure.json"));

        assertThat(decision.action()).isEqualTo(Action.SUPPRESSED);
        assertThat(decision.reason()).isEqualTo("scope platform-recovery#database is locked by " + OTHER);
    }

    @Test
    void taggedAlarm_isRoutedByTheTagsOfItsArn() {
        // GIVEN a table with a route for alarms their owners tagged, and such an alarm
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        RoutingTable table = RoutingTable.parse(Json.read("""
                {"routes": [{"name": "engine-tagged", "alarmName": "exchange-*", "tags": {"exchange:recovery": "matching-engine-failure"},
                             "plan": "platform-recovery", "scenario": "engine-failure", "scope": ["matching-engine"]}]}"""));
        AlarmRouter tagRouter = new AlarmRouter(table, new PlanInputValidator(clock), locks, executions, tags,
                new RouterSettings(Map.of("platform-recovery", STATE_MACHINE), "locks", Duration.ofMinutes(30),
                        Duration.ofMinutes(5)), clock);
        when(tags.of("arn:aws:cloudwatch:us-east-1:123456789012:alarm:exchange-reporting-batch-late"))
                .thenReturn(Map.of("exchange:recovery", "matching-engine-failure"));
        when(locks.acquire(any(), eq(NOW))).thenReturn(new Acquired());
        when(executions.start(eq(STATE_MACHINE), anyString(), anyString())).thenReturn(StartOutcome.STARTED);

        // WHEN it fires
        RoutingDecision decision = tagRouter.route(SampleEvents.load("alarm-unknown.json"));

        // THEN the tags of the alarm's ARN chose the route
        assertThat(decision.route()).isEqualTo("engine-tagged");
        assertThat(decision.scope()).containsExactly("matching-engine");
    }

    @Test
    void incidentId_keepsLongOrOddAlarmNamesWithinTheSchema() {
        AlarmStateChange alarm = new AlarmStateChange("exchange-" + "x".repeat(200) + " with spaces/slashes",
                Optional.empty(), "ALARM", "OK", null, Instant.parse("2026-11-28T03:00:05Z"), Optional.empty());

        assertThat(AlarmRouter.incidentId(alarm)).matches("^[A-Za-z0-9][A-Za-z0-9._-]{1,127}$");
    }

    private JsonNode startedInput() {
        ArgumentCaptor<String> input = ArgumentCaptor.forClass(String.class);
        verify(executions).start(eq(STATE_MACHINE), anyString(), input.capture());
        return Json.read(input.getValue());
    }

    private static ScopeLocks.State lock(String holder) {
        return new ScopeLocks.State(SCOPE, Optional.of(holder), Optional.empty(), Optional.of(NOW.minusSeconds(3600)),
                Optional.empty(), Optional.of(NOW.plusSeconds(3600)));
    }
}
