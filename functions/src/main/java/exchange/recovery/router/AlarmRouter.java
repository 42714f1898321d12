package exchange.recovery.router;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.Digests;
import exchange.recovery.core.Json;
import exchange.recovery.core.SecurityAlerts;
import exchange.recovery.core.TransientFailure;
import exchange.recovery.plan.PlanInput;
import exchange.recovery.plan.PlanInputValidator;
import exchange.recovery.plan.PlanTrigger;
import exchange.recovery.plan.Scenario;
import exchange.recovery.router.RecoveryExecutions.ExecutionState;
import exchange.recovery.router.RecoveryExecutions.StartOutcome;
import exchange.recovery.router.RoutingDecision.Action;
import exchange.recovery.router.ScopeLocks.Acquired;
import exchange.recovery.router.ScopeLocks.Acquisition;
import exchange.recovery.router.ScopeLocks.CoolingDown;
import exchange.recovery.router.ScopeLocks.Held;
import exchange.recovery.router.ScopeLocks.Reentered;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * Turns a CloudWatch alarm state change into at most one recovery per scope:
 * <ol>
 *   <li>only changes to ALARM of alarms the routing table knows go on; the others are ignored, with the reason;</li>
 *   <li>the plan input is built (the alarm recorded as its trigger) and validated like a console input;</li>
 *   <li>the scope's lock and a lock per tier it acts on are taken in one transaction, for a deterministic execution
 *       name (scope and minute of the state change), so that a storm of alarms, duplicate deliveries and retries
 *       all lead to one execution, and two plans never act on one tier's resources at once (overlapping scopes,
 *       such as an AZ outage and a database alarm, are serialised);</li>
 *   <li>a scope recovered less than the minimum interval ago is not recovered again (flap suppression);</li>
 *   <li>a lock is taken over only once Step Functions says its holder no longer runs (or it never started).</li>
 * </ol>
 * Suppressed alarms, and alarms in ALARM that no route matches, are reported to the security team's topic.
 */
public class AlarmRouter {

    public static final String REQUESTED_BY = "alarm-router";

    private static final Logger LOG = LogManager.getLogger(AlarmRouter.class);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_ALARM_PART = 100;

    private final RoutingTable table;
    private final PlanInputValidator validator;
    private final ScopeLocks locks;
    private final RecoveryExecutions executions;
    private final AlarmTags tags;
    private final RouterSettings settings;
    private final SecurityAlerts alerts;
    private final Clock clock;

    public AlarmRouter(RoutingTable table, PlanInputValidator validator, ScopeLocks locks, RecoveryExecutions executions,
                       AlarmTags tags, RouterSettings settings, Clock clock) {
        this(table, validator, locks, executions, tags, settings, SecurityAlerts.NONE, clock);
    }

    public AlarmRouter(RoutingTable table, PlanInputValidator validator, ScopeLocks locks, RecoveryExecutions executions,
                       AlarmTags tags, RouterSettings settings, SecurityAlerts alerts, Clock clock) {
        this.table = table;
        this.validator = validator;
        this.locks = locks;
        this.executions = executions;
        this.tags = tags;
        this.settings = settings;
        this.alerts = alerts;
        this.clock = clock;
    }

    public RoutingDecision route(JsonNode event) {
        AlarmStateChange alarm = AlarmStateChange.parse(event);
        RoutingDecision decision = decide(alarm);
        LOG.info("{} {} ({}): {}", decision.action(), alarm.alarmName(), alarm.state(), decision.reason(),
                StructuredArguments.entry("decision", decision));
        alert(alarm, decision);
        return decision;
    }

    /**
     * An alarm that wanted a recovery and got none is the security team's business too: someone may be
     * masking an incident or provoking recoveries. OK and INSUFFICIENT_DATA changes are not alerted.
     */
    private void alert(AlarmStateChange alarm, RoutingDecision decision) {
        if (!alarm.isAlarm()
                || (decision.action() != Action.SUPPRESSED && decision.action() != Action.IGNORED)) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("alarmName", decision.alarmName());
        details.put("alarmState", decision.alarmState());
        details.put("reason", decision.reason());
        if (decision.route() != null) {
            details.put("route", decision.route());
            details.put("scopeKey", decision.scopeKey());
            details.put("incidentId", decision.incidentId());
        }
        alerts.publish(decision.action() == Action.SUPPRESSED ? "router.suppressed" : "router.ignored", details);
    }

    private RoutingDecision decide(AlarmStateChange alarm) {
        if (!alarm.isAlarm()) {
            return RoutingDecision.ignored(alarm, "the alarm changed to " + alarm.state()
                    + "; only a change to ALARM starts a recovery");
        }
        Optional<Route> match = table.match(alarm.alarmName(),
                () -> alarm.alarmArn().map(tags::of).orElse(Map.of()));
        if (match.isEmpty()) {
            return RoutingDecision.ignored(alarm, "no route of the routing table matches alarm '" + alarm.alarmName()
                    + "' (" + table.routes().size() + " routes checked)");
        }
        Route route = match.get();
        Optional<String> zone = affectedZone(alarm, route);
        PlanInput input = validator.normalise(planInput(alarm, route, zone));
        ScopeKey scope = ScopeKey.of(route.plan(), input.scope());
        String stateMachine = settings.stateMachine(route.plan());
        String name = scope.executionName(alarm.stateChangeTime());
        Routed routed = new Routed(alarm, route, input, scope, stateMachine, name,
                RecoveryExecutions.executionArn(stateMachine, name));
        return startOnce(routed, true);
    }

    private RoutingDecision startOnce(Routed routed, boolean mayTakeOver) {
        Instant now = clock.instant();
        Acquisition acquisition = locks.acquire(new ScopeLocks.Request(routed.scope(), routed.executionArn(),
                routed.executionName(), routed.input().incidentId(), routed.alarm().alarmName()), now);
        return switch (acquisition) {
            case Acquired ignored -> start(routed);
            case Reentered ignored -> startAgain(routed);
            case CoolingDown cooling -> routed.decision(Action.SUPPRESSED, "flapping: the last recovery of scope "
                    + routed.scope().key() + " ended at " + cooling.state().releasedAt().map(Instant::toString).orElse("?")
                    + "; the next may start from " + cooling.availableFrom() + " (minimum interval "
                    + locks.minInterval().toMinutes() + " min)");
            case Held held -> held(routed, held.state(), now, mayTakeOver);
        };
    }

    private RoutingDecision start(Routed routed) {
        StartOutcome outcome;
        try {
            outcome = executions.start(routed.stateMachine(), routed.executionName(), Json.write(routed.input()));
        } catch (RecoveryNotStarted refused) {
            locks.abandon(routed.executionArn());
            throw refused;
        }
        // A TransientFailure propagates with the lock kept: the retry re-enters it under the same name.
        if (outcome == StartOutcome.ALREADY_EXISTS) {
            // The lock names the execution by its ARN, and so does every other delivery of this minute: a
            // delivery that re-entered our lock may have started it in between. Then the lock is that running
            // execution's and stays; only a name used by an execution that has ended leaves nothing to hold.
            if (executions.describe(routed.executionArn()).map(ExecutionState::running).orElse(false)) {
                return routed.decision(Action.DUPLICATE, "execution " + routed.executionName()
                        + " already recovers scope " + routed.scope().key() + " (started by another delivery)");
            }
            locks.abandon(routed.executionArn());
            return routed.decision(Action.DUPLICATE, "execution " + routed.executionName()
                    + " exists already: this alarm state change, or another of this scope in the same minute, was handled before");
        }
        return routed.decision(Action.STARTED, "started " + routed.scope().plan() + " for scope " + routed.scope().key()
                + " (" + routed.route().scenario() + ", route " + routed.route().name() + ")");
    }

    /** The lock names this very execution: a duplicate delivery, or a retry after a failed start. */
    private RoutingDecision startAgain(Routed routed) {
        if (executions.describe(routed.executionArn()).isPresent()) {
            return routed.decision(Action.DUPLICATE, "execution " + routed.executionName()
                    + " already recovers scope " + routed.scope().key());
        }
        StartOutcome outcome = executions.start(routed.stateMachine(), routed.executionName(), Json.write(routed.input()));
        return outcome == StartOutcome.STARTED
                ? routed.decision(Action.STARTED, "started " + routed.executionName() + " on retry for scope " + routed.scope().key())
                : routed.decision(Action.DUPLICATE, "execution " + routed.executionName() + " already recovers scope "
                + routed.scope().key());
    }

    /**
     * The scope, or a tier it acts on, is locked by another execution. However old the lock, it is taken over
     * only when Step Functions says that execution no longer runs: a plan may run for days.
     */
    private RoutingDecision held(Routed routed, ScopeLocks.State lock, Instant now, boolean mayTakeOver) {
        String holder = lock.holder().orElseThrow();
        String what = lock.resource()
                ? "scope " + routed.scope().key() + " acts on " + lock.key() + ", which"
                : "scope " + routed.scope().key();
        Optional<ExecutionState> execution = executions.describe(holder);
        if (execution.map(ExecutionState::running).orElse(false)) {
            return routed.decision(Action.SUPPRESSED, what + " is being recovered by "
                    + holder + " (running since " + lock.lastStartedAt().map(Instant::toString).orElse("?") + ")");
        }
        boolean starting = execution.isEmpty()
                && lock.lastStartedAt().map(started -> started.plus(settings.startGrace()).isAfter(now)).orElse(false);
        if (starting) {
            return routed.decision(Action.SUPPRESSED, what + " is locked for " + holder + ", which is being started");
        }
        if (!mayTakeOver) {
            return routed.decision(Action.SUPPRESSED, what + " is locked by " + holder);
        }
        // The holder ended without releasing (stopped by hand, or a plan without its release step) or never started.
        Optional<Instant> endedAt = execution.map(state -> state.stopDate().orElse(now));
        if (locks.releaseHeld(lock, endedAt)) {
            LOG.warn("Freed {}: its holder {} {} without releasing it", lock.key(), holder,
                    execution.map(state -> "ended " + state.status()).orElse("never started"));
        }
        return startOnce(routed, false);
    }

    /**
     * The Availability Zone the alarm is about: its metric's {@code AvailabilityZone} dimension, or else, for
     * an AZ outage, the alarm's {@value #ZONE_TAG} tag. Only zone names count (RDS reports zone names; a zone
     * ID such as use1-az2 means different zones in different accounts).
     */
    private Optional<String> affectedZone(AlarmStateChange alarm, Route route) {
        Optional<String> zone = alarm.availabilityZone();
        if (zone.isEmpty() && Scenario.AZ_OUTAGE.id().equals(route.scenario()) && alarm.alarmArn().isPresent()) {
            try {
                zone = Optional.ofNullable(tags.of(alarm.alarmArn().get()).get(ZONE_TAG));
            } catch (TransientFailure unreadable) {
                // The recovery must not wait for a tag: without the zone the failover runs as for any failure.
                LOG.warn("Zone of alarm {} unknown, its tags could not be read: {}", alarm.alarmName(), unreadable.getMessage());
            }
        }
        return zone.filter(name -> AlarmStateChange.ZONE_NAME.matcher(name).matches());
    }

    /** Tag naming the Availability Zone an alarm watches, for alarms whose metric has no such dimension. */
    public static final String ZONE_TAG = "exchange:availability-zone";

    /** The plan input for this alarm: the route's scenario and scope, the alarm as trigger. */
    private ObjectNode planInput(AlarmStateChange alarm, Route route, Optional<String> zone) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("incidentId", incidentId(alarm));
        if (!route.scope().isEmpty()) {
            route.scope().forEach(input.putArray("scope")::add);
        }
        input.put("scenario", route.scenario());
        Instant now = clock.instant();
        if (Scenario.find(route.scenario()).map(Scenario::restoresData).orElse(false)) {
            Instant detected = alarm.stateChangeTime().isAfter(now) ? now : alarm.stateChangeTime();
            input.put("corruptionDetectedAt", detected.toString());
        }
        zone.ifPresent(name -> input.put("affectedAvailabilityZone", name));
        input.put("requestedBy", REQUESTED_BY);
        input.put("reason", "CloudWatch alarm " + alarm.alarmName() + " changed to ALARM at " + alarm.stateChangeTime()
                + " (route " + route.name() + ")");
        ObjectNode trigger = input.putObject("trigger");
        trigger.put("source", PlanTrigger.ALARM);
        trigger.put("alarmName", alarm.alarmName());
        alarm.alarmArn().ifPresent(arn -> trigger.put("alarmArn", arn));
        if (alarm.reason() != null) {
            trigger.put("reason", alarm.reason());
        }
        trigger.put("stateChangeTime", alarm.stateChangeTime().toString());
        trigger.put("route", route.name());
        return input;
    }

    /** One incident per alarm state change, however often it is delivered: ALARM-{alarm name}-{time to the second}. */
    static String incidentId(AlarmStateChange alarm) {
        String name = alarm.alarmName().replaceAll("[^A-Za-z0-9._-]", "-");
        if (name.length() > MAX_ALARM_PART) {
            name = name.substring(0, MAX_ALARM_PART - 9) + "-" + Digests.sha256Hex(alarm.alarmName()).substring(0, 8);
        }
        return "ALARM-" + name + "-" + SECOND.format(alarm.stateChangeTime());
    }

    /** An alarm that a route matched, with everything derived from it. */
    private record Routed(AlarmStateChange alarm, Route route, PlanInput input, ScopeKey scope, String stateMachine,
                          String executionName, String executionArn) {

        RoutingDecision decision(Action action, String reason) {
            return new RoutingDecision(action, reason, alarm.alarmName(), alarm.state(), route.name(), input.scenario(),
                    input.scope(), scope.key(), input.incidentId(), executionName, executionArn);
        }
    }
}
