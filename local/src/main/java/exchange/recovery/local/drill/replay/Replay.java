package exchange.recovery.local.drill.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.drill.observe.DrillObserver;
import exchange.recovery.local.drill.observe.TrackedExecution;
import exchange.recovery.local.drill.approval.PageFormApprovalDriver;
import exchange.recovery.local.drill.view.TimelineView;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Rule;

/**
 * Puts an event (e.g. a CloudWatch alarm state change copied from the console) on the local default bus
 * and shows what it started, or why nothing started: the router's answer, or, without one, which
 * condition of each rule's event pattern the event does not meet.
 */
public final class Replay {

    /**
     * @param started the executions the event started
     * @param explanation when nothing started, why
     */
    public record Result(ReplayEvent event, List<TrackedExecution> started, List<DrillObserver.RoutingNote> routing,
                         List<String> explanation) {

        public boolean startedSomething() {
            return !started.isEmpty();
        }
    }

    private final DrillHarness harness;
    private final TimelineView view;
    private final Clock clock;

    public Replay(DrillHarness harness, TimelineView view, Clock clock) {
        this.harness = harness;
        this.view = view;
        this.clock = clock;
    }

    /**
     * @param settle how long to wait for something to start before concluding that nothing will
     * @param timeout how long started plans may run
     */
    public Result run(ReplayEvent event, Duration settle, Duration timeout) {
        Instant origin = clock.instant();
        DrillObserver observer = new DrillObserver(harness, view, new PageFormApprovalDriver(), Set.of(), clock, origin);
        observer.note("event: " + describe(event));
        put(event);
        observer.watchUntil(o -> !o.plans().isEmpty() || nothingWillStart(o, origin, settle), settle.plusSeconds(5),
                "waiting for the event to start something");
        if (!observer.plans().isEmpty()) {
            observer.watchUntil(DrillObserver::plansEnded, timeout, "waiting for the plan");
        }
        List<String> explanation = observer.plans().isEmpty() ? explain(event, observer) : List.of();
        return new Result(event, observer.executions(), observer.routing(), explanation);
    }

    /** Nothing started, and either the router said no or the settle time is over. */
    private boolean nothingWillStart(DrillObserver observer, Instant origin, Duration settle) {
        boolean routerDeclined = !observer.routing().isEmpty()
                && observer.routing().stream().noneMatch(note -> "STARTED".equals(note.action()));
        return routerDeclined || Duration.between(origin, clock.instant()).compareTo(settle) >= 0;
    }

    private void put(ReplayEvent event) {
        try (EventBridgeClient events = harness.aws().clients().configure(EventBridgeClient.builder()).build()) {
            PutEventsResponse response = events.putEvents(b -> b.entries(entry -> {
                entry.source(event.source()).detailType(event.detailType()).detail(Json.write(event.detail()))
                        .resources(event.resources());
                if (event.time() != null) {
                    entry.time(event.time());
                }
            }));
            if (response.failedEntryCount() > 0) {
                throw new LocalRuntimeException("The local bus refused the event: " + response.entries().get(0).errorMessage());
            }
        }
    }

    private List<String> explain(ReplayEvent event, DrillObserver observer) {
        List<String> reasons = new ArrayList<>();
        for (DrillObserver.RoutingNote note : observer.routing()) {
            reasons.add("the router answered " + note.action() + ": " + note.reason());
        }
        ObjectNode envelope = event.envelope().deepCopy();
        envelope.put("account", LocalAws.ACCOUNT_ID);
        envelope.put("region", LocalAws.REGION);
        List<Rule> rules = rules();
        if (rules.isEmpty()) {
            reasons.add("the stack has no EventBridge rule on the default bus");
        }
        for (Rule rule : rules) {
            JsonNode pattern = Json.read(rule.eventPattern());
            List<String> mismatches = EventPatternMatcher.mismatches(pattern, envelope);
            if (mismatches.isEmpty()) {
                if (observer.routing().isEmpty()) {
                    reasons.add("rule " + rule.name() + " matches the event, but its target started nothing (see "
                            + harness.emulatorLog() + ")");
                }
            } else {
                reasons.add("rule " + rule.name() + " does not match: " + String.join("; ", mismatches));
            }
        }
        return reasons;
    }

    private List<Rule> rules() {
        try (EventBridgeClient events = harness.aws().clients().configure(EventBridgeClient.builder()).build()) {
            return events.listRules(b -> b.eventBusName("default")).rules().stream()
                    .filter(rule -> rule.eventPattern() != null).toList();
        }
    }

    static String describe(ReplayEvent event) {
        String alarm = event.alarmName() == null ? "" : " (alarm " + event.alarmName()
                + (event.alarmState() == null ? "" : " → " + event.alarmState()) + ")";
        return event.source() + " / " + event.detailType() + alarm;
    }

    /** What the command prints at the end. */
    public static List<String> lines(Result result) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Replayed " + result.event().file() + ": " + describe(result.event()));
        if (result.startedSomething()) {
            for (TrackedExecution execution : result.started()) {
                lines.add("Started " + (execution.plan() ? "plan " : "nested plan ") + execution.machineLogicalId()
                        + " / execution " + execution.name() + ": " + execution.status());
            }
        } else {
            lines.add("Nothing started:");
            result.explanation().forEach(reason -> lines.add("  - " + reason));
        }
        return lines;
    }
}
