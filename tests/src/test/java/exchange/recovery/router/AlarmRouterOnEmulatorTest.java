package exchange.recovery.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.plan.PlanInputValidator;
import exchange.recovery.router.Emulated.ShiftedClock;
import exchange.recovery.router.RoutingDecision.Action;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The router against the AWS emulator: real conditional writes in DynamoDB, real StartExecution with
 * deterministic names, real executions.
 */
class AlarmRouterOnEmulatorTest {

    private static final Duration MIN_INTERVAL = Duration.ofMinutes(30);
    /** A lease as short as the old router's could be: a plan may run far longer than this. */
    private static final Duration LONG_AFTER = Duration.ofMinutes(61);

    private static LocalAws aws;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void alarmStormOfOneScope_startsExactlyOneRecovery() throws Exception {
        // GIVEN a free scope and 100 alarm state changes of it within one minute: three alarms routed to the
        // database scope, each delivered several times, across a minute boundary (so both the lock and the
        // execution names are exercised)
        Fixture fixture = new Fixture(Emulated.passingPlan(aws));
        Instant base = fixture.clock.instant().truncatedTo(ChronoUnit.MINUTES).minusSeconds(30);
        String[] alarms = {"exchange-db-primary-unavailable", "exchange-db-integrity-check-failed", "exchange-db-ledger-rows-deleted-anomaly"};
        List<ObjectNode> storm = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            storm.add(Emulated.alarm("alarm-database-instance-failure.json", alarms[i % 3], base.plusMillis(600L * i)));
        }

        // WHEN they are routed concurrently
        List<RoutingDecision> decisions = fixture.routeConcurrently(storm);

        // THEN exactly one execution exists, and every other event says why it started nothing: the winner's
        // minute collides on its execution name (DUPLICATE), the other minute on the scope lock (SUPPRESSED)
        List<ExecutionListItem> executions = fixture.executions();
        assertThat(executions).hasSize(1);
        // (a delivery that re-enters the winner's lock with an identical start is answered with the same
        // execution, as StartExecution is idempotent: it may say STARTED too, but never for another execution)
        assertThat(decisions).filteredOn(decision -> decision.action() == Action.STARTED).isNotEmpty()
                .allSatisfy(started -> assertThat(started.executionArn()).isEqualTo(executions.get(0).executionArn()));
        assertThat(decisions).extracting(RoutingDecision::action).containsOnly(Action.STARTED, Action.DUPLICATE, Action.SUPPRESSED);
        assertThat(decisions).extracting(RoutingDecision::scopeKey).containsOnly("platform-recovery#database");
    }

    @Test
    void flapping_isSuppressedAfterTheFirstRecoveryEndedUntilTheMinimumInterval() {
        // GIVEN a recovery that ran and released its scope at its end
        Fixture fixture = new Fixture(Emulated.passingPlan(aws));
        RoutingDecision first = fixture.route(fixture.databaseAlarmNow());
        assertThat(first.action()).isEqualTo(Action.STARTED);
        fixture.awaitStatus(first.executionArn(), ExecutionStatus.SUCCEEDED);
        assertThat(fixture.release(first.executionArn()).get("released").asBoolean()).isTrue();

        // WHEN the alarm flaps back five minutes later
        fixture.clock.advance(Duration.ofMinutes(5));
        RoutingDecision flap = fixture.route(fixture.databaseAlarmNow());

        // THEN it is suppressed with the reason, and only after the interval does a new recovery start
        assertThat(flap.action()).isEqualTo(Action.SUPPRESSED);
        assertThat(flap.reason()).startsWith("flapping: the last recovery of scope platform-recovery#database ended at");
        fixture.clock.advance(MIN_INTERVAL);
        assertThat(fixture.route(fixture.databaseAlarmNow()).action()).isEqualTo(Action.STARTED);
        assertThat(fixture.executions()).hasSize(2);
    }

    @Test
    void differentScopes_bothStart() {
        Fixture fixture = new Fixture(Emulated.longPlan(aws));
        Instant now = fixture.clock.instant();

        RoutingDecision database = fixture.route(Emulated.alarm("alarm-database-instance-failure.json", null, now));
        RoutingDecision engine = fixture.route(Emulated.alarm("alarm-database-instance-failure.json",
                "exchange-matching-engine-primary-down", now));

        assertThat(database.action()).isEqualTo(Action.STARTED);
        assertThat(engine.action()).isEqualTo(Action.STARTED);
        assertThat(engine.scopeKey()).isEqualTo("platform-recovery#matching-engine");
        assertThat(fixture.executions()).hasSize(2);
    }

    @Test
    void scopeLock_isReleasedOnlyByItsHolder() {
        // GIVEN a running recovery holding the database scope
        Fixture fixture = new Fixture(Emulated.longPlan(aws));
        RoutingDecision started = fixture.route(fixture.databaseAlarmNow());
        String other = started.executionArn().replace("-db-", "-db-x");

        // WHEN another execution tries to release it
        JsonNode refused = fixture.release(other);

        // THEN the lock stays with the holder and alarms of the scope stay suppressed
        assertThat(refused.get("released").asBoolean()).isFalse();
        assertThat(fixture.locks.find("platform-recovery#database").flatMap(ScopeLocks.State::holder)).contains(started.executionArn());
        fixture.clock.advance(Duration.ofMinutes(2));
        RoutingDecision later = fixture.route(fixture.databaseAlarmNow());
        assertThat(later.action()).isEqualTo(Action.SUPPRESSED);
        assertThat(later.reason()).contains("is being recovered by " + started.executionArn());
        // AND the holder can release it
        assertThat(fixture.release(started.executionArn()).get("released").asBoolean()).isTrue();
        assertThat(fixture.locks.find("platform-recovery#database").flatMap(ScopeLocks.State::holder)).isEmpty();
    }

    @Test
    void longRunningRecovery_keepsItsScopeHoweverOldItsLock() {
        // GIVEN a recovery that still runs (plans may run for days)
        Fixture fixture = new Fixture(Emulated.longPlan(aws));
        RoutingDecision first = fixture.route(fixture.databaseAlarmNow());
        assertThat(first.action()).isEqualTo(Action.STARTED);

        // WHEN the alarm fires again more than an hour later
        fixture.clock.advance(LONG_AFTER);
        RoutingDecision second = fixture.route(fixture.databaseAlarmNow());

        // THEN Step Functions says the holder runs: nothing new starts and the lock stays with it
        assertThat(second.action()).isEqualTo(Action.SUPPRESSED);
        assertThat(second.reason()).contains("is being recovered by " + first.executionArn());
        assertThat(fixture.executions()).hasSize(1);
        assertThat(fixture.locks.find("platform-recovery#database").flatMap(ScopeLocks.State::holder)).contains(first.executionArn());
    }

    @Test
    void deliveryThatLosesTheStartToAnotherOfTheSameMinute_leavesTheWinnersLock() {
        // GIVEN two state changes of the database alarm within one minute (so one execution name and ARN, but
        // two inputs): the first takes the lock, and before it calls StartExecution the second re-enters the
        // lock and starts the plan with its own input
        Fixture fixture = new Fixture(Emulated.longPlan(aws));
        Instant minute = fixture.clock.instant().truncatedTo(ChronoUnit.MINUTES);
        ObjectNode firstChange = Emulated.alarm("alarm-database-instance-failure.json", null, minute.plusSeconds(5));
        ObjectNode secondChange = Emulated.alarm("alarm-database-instance-failure.json", null, minute.plusSeconds(9));
        List<RoutingDecision> second = new ArrayList<>();
        Fixture racing = fixture.startingFirst(() -> second.add(fixture.route(secondChange)));

        // WHEN the first one's StartExecution then finds the name taken (ExecutionAlreadyExists: other input)
        RoutingDecision first = racing.route(firstChange);

        // THEN one recovery runs, the first delivery is a duplicate, and the running one keeps its lock
        assertThat(second).singleElement().extracting(RoutingDecision::action).isEqualTo(Action.STARTED);
        assertThat(first.action()).isEqualTo(Action.DUPLICATE);
        assertThat(fixture.locks.find("platform-recovery#database").flatMap(ScopeLocks.State::holder))
                .contains(second.get(0).executionArn());
        // AND an alarm of the scope a few minutes later starts no second recovery
        fixture.clock.advance(Duration.ofMinutes(3));
        assertThat(fixture.route(fixture.databaseAlarmNow()).action()).isEqualTo(Action.SUPPRESSED);
        assertThat(fixture.executions()).hasSize(1);
    }

    @Test
    void overlappingScopes_neverRecoverOneTierAtOnce() {
        // GIVEN an AZ-outage recovery running on every tier
        Fixture fixture = new Fixture(Emulated.longPlan(aws));
        RoutingDecision zone = fixture.route(Emulated.alarm("alarm-az-outage.json", null, fixture.clock.instant()));
        assertThat(zone.action()).isEqualTo(Action.STARTED);

        // WHEN the database alarm and the wallet database alarm fire (other scopes, same RDS instance)
        RoutingDecision database = fixture.route(fixture.databaseAlarmNow());
        RoutingDecision wallet = fixture.route(Emulated.alarm("alarm-database-instance-failure.json",
                "exchange-wallet-db-unavailable", fixture.clock.instant()));

        // THEN neither starts: the database tier is locked by the running AZ recovery
        assertThat(database.action()).isEqualTo(Action.SUPPRESSED);
        assertThat(database.reason()).contains("acts on resource#database, which is being recovered by " + zone.executionArn());
        assertThat(wallet.action()).isEqualTo(Action.SUPPRESSED);
        assertThat(fixture.executions()).hasSize(1);
        // AND once the AZ recovery released everything, the database alarm starts its own recovery
        assertThat(fixture.release(zone.executionArn()).get("released").asBoolean()).isTrue();
        fixture.clock.advance(Duration.ofMinutes(1));
        assertThat(fixture.route(fixture.databaseAlarmNow()).action()).isEqualTo(Action.STARTED);
        assertThat(fixture.executions()).hasSize(2);
    }

    @Test
    void overlappingAlarmsAtOnce_startOneRecovery() throws Exception {
        // GIVEN a free platform, and an AZ-outage alarm and database alarms delivered together, many times
        Fixture fixture = new Fixture(Emulated.longPlan(aws));
        Instant now = fixture.clock.instant();
        List<ObjectNode> storm = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            storm.add(switch (i % 3) {
                case 0 -> Emulated.alarm("alarm-az-outage.json", null, now);
                case 1 -> Emulated.alarm("alarm-database-instance-failure.json", null, now);
                default -> Emulated.alarm("alarm-database-instance-failure.json", "exchange-wallet-db-unavailable", now);
            });
        }

        // WHEN they are routed concurrently
        List<RoutingDecision> decisions = fixture.routeConcurrently(storm);

        // THEN exactly one of the three scopes, all acting on the database, got a recovery (deliveries of the
        // winner's own alarm that re-entered its lock before it ran may report STARTED too: StartExecution of
        // a running name with the same input answers with that execution)
        List<ExecutionListItem> executions = fixture.executions();
        assertThat(executions).hasSize(1);
        assertThat(decisions).filteredOn(decision -> decision.action() == Action.STARTED)
                .extracting(RoutingDecision::executionArn).isNotEmpty().containsOnly(executions.get(0).executionArn());
        assertThat(decisions).extracting(RoutingDecision::action).containsOnly(Action.STARTED, Action.DUPLICATE, Action.SUPPRESSED);
    }

    @Test
    void planThatHaltedWithoutScopeInItsInput_releasesByItsExecution() {
        // GIVEN a running recovery holding the database scope and tier
        Fixture fixture = new Fixture(Emulated.longPlan(aws));
        RoutingDecision started = fixture.route(fixture.databaseAlarmNow());

        // WHEN its release step sends only its execution ARN (the input it halted on had no scope)
        JsonNode released = Json.read(Fixture.invoke(fixture.release, Json.write(Map.of("plan", "platform-recovery",
                "executionArn", started.executionArn()))));

        // THEN its scope and tier are free
        assertThat(released.get("released").asBoolean()).isTrue();
        assertThat(released.get("scopeKey").asText()).isEqualTo("platform-recovery#database");
        assertThat(fixture.locks.find("platform-recovery#database").flatMap(ScopeLocks.State::holder)).isEmpty();
        assertThat(fixture.locks.find("resource#database")).isEmpty();
    }

    @Test
    void recoveryStoppedByHand_doesNotBlockTheScopeBeyondTheMinimumInterval() {
        // GIVEN a recovery stopped from the console before its release step
        Fixture fixture = new Fixture(Emulated.longPlan(aws));
        RoutingDecision first = fixture.route(fixture.databaseAlarmNow());
        aws.clients().stepFunctions().stopExecution(builder -> builder.executionArn(first.executionArn()).cause("stopped by on-call"));
        fixture.awaitStatus(first.executionArn(), ExecutionStatus.ABORTED);

        // WHEN the alarm fires again once the minimum interval has passed
        fixture.clock.advance(MIN_INTERVAL.plusMinutes(1));
        RoutingDecision second = fixture.route(fixture.databaseAlarmNow());

        // THEN the stale lock is taken over and a new recovery starts
        assertThat(second.action()).isEqualTo(Action.STARTED);
        assertThat(fixture.executions()).hasSize(2);
    }

    @Test
    void alarmStateChangeHandledBefore_collidesAtStartExecution() {
        // GIVEN a recovery that ran and released its scope, long enough ago
        Fixture fixture = new Fixture(Emulated.passingPlan(aws));
        ObjectNode event = fixture.databaseAlarmNow();
        RoutingDecision first = fixture.route(event);
        fixture.awaitStatus(first.executionArn(), ExecutionStatus.SUCCEEDED);
        fixture.release(first.executionArn());
        fixture.clock.advance(MIN_INTERVAL.plusMinutes(1));

        // WHEN the very same state change is delivered again (a late retry)
        RoutingDecision again = fixture.route(event);

        // THEN its execution name exists already: nothing starts, and the scope's record is put back as it was
        assertThat(again.action()).isEqualTo(Action.DUPLICATE);
        assertThat(fixture.executions()).hasSize(1);
        ScopeLocks.State lock = fixture.locks.find("platform-recovery#database").orElseThrow();
        assertThat(lock.holder()).isEmpty();
        assertThat(lock.releasedAt()).isPresent();
    }

    @Test
    void okAndUnknownAlarms_startNothing() {
        Fixture fixture = new Fixture(Emulated.passingPlan(aws));

        RoutingDecision ok = fixture.route(Emulated.sample("alarm-ok.json"));
        RoutingDecision unknown = fixture.route(Emulated.sample("alarm-unknown.json"));

        assertThat(ok.action()).isEqualTo(Action.IGNORED);
        assertThat(unknown.action()).isEqualTo(Action.IGNORED);
        assertThat(unknown.reason()).contains("no route of the routing table matches alarm 'exchange-reporting-batch-late'");
        assertThat(fixture.executions()).isEmpty();
    }

    /** One router on a fresh lock table and plan. */
    private static final class Fixture {

        final ShiftedClock clock;
        final String stateMachine;
        final ScopeLocks locks;
        final RouteAlarmHandler router;
        final ReleaseScopeLockHandler release;

        Fixture(String stateMachine) {
            this(stateMachine, new ShiftedClock(), new ScopeLocks(aws.clients().dynamoDb(), Emulated.lockTable(aws), MIN_INTERVAL),
                    new RecoveryExecutions(aws.clients().stepFunctions()));
        }

        private Fixture(String stateMachine, ShiftedClock clock, ScopeLocks locks, RecoveryExecutions executions) {
            this.clock = clock;
            this.stateMachine = stateMachine;
            this.locks = locks;
            RouterSettings settings = new RouterSettings(Map.of("platform-recovery", stateMachine), "unused",
                    MIN_INTERVAL, RouterSettings.DEFAULT_START_GRACE);
            this.router = new RouteAlarmHandler(new AlarmRouter(RoutingTable.fromClasspath(), new PlanInputValidator(clock),
                    locks, executions, AlarmTags.cloudWatch(aws.clients().cloudWatch()), settings, clock));
            this.release = new ReleaseScopeLockHandler(locks, clock);
        }

        /** A second router on the same locks, plan and clock that runs {@code before} just before its first StartExecution. */
        Fixture startingFirst(Runnable before) {
            AtomicBoolean first = new AtomicBoolean(true);
            return new Fixture(stateMachine, clock, locks, new RecoveryExecutions(aws.clients().stepFunctions()) {
                @Override
                public StartOutcome start(String stateMachineArn, String executionName, String input) {
                    if (first.getAndSet(false)) {
                        before.run();
                    }
                    return super.start(stateMachineArn, executionName, input);
                }
            });
        }

        ObjectNode databaseAlarmNow() {
            return Emulated.alarm("alarm-database-instance-failure.json", null, clock.instant());
        }

        RoutingDecision route(JsonNode event) {
            return Json.convert(Json.read(invoke(router, Json.write(event))), RoutingDecision.class);
        }

        JsonNode release(String executionArn) {
            return Json.read(invoke(release, Json.write(Map.of("plan", "platform-recovery",
                    "scope", List.of("database"), "executionArn", executionArn))));
        }

        List<RoutingDecision> routeConcurrently(List<ObjectNode> events) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<RoutingDecision>> futures = new ArrayList<>();
                for (ObjectNode event : events) {
                    futures.add(pool.submit(() -> {
                        go.await();
                        return route(event);
                    }));
                }
                go.countDown();
                List<RoutingDecision> decisions = new ArrayList<>();
                for (Future<RoutingDecision> future : futures) {
                    decisions.add(future.get());
                }
                return decisions;
            } finally {
                pool.shutdownNow();
            }
        }

        List<ExecutionListItem> executions() {
            return aws.clients().stepFunctions().listExecutions(builder -> builder.stateMachineArn(stateMachine)).executions();
        }

        void awaitStatus(String executionArn, ExecutionStatus status) {
            Emulated.await(() -> aws.clients().stepFunctions().describeExecution(builder -> builder.executionArn(executionArn)).status(),
                    status::equals, Duration.ofSeconds(30), executionArn + " to be " + status);
        }

        static String invoke(RequestStreamHandler handler, String input) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output,
                        Emulated.context(handler.getClass().getSimpleName()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return output.toString(StandardCharsets.UTF_8);
        }
    }
}
