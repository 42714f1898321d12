package exchange.recovery.local.drill.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.emulator.LambdaInvocation;
import exchange.recovery.local.drill.approval.ApprovalDriver;
import exchange.recovery.local.drill.approval.ApprovalLink;
import exchange.recovery.local.plans.PlanReader;
import exchange.recovery.local.plans.PlanState;
import exchange.recovery.local.drill.view.TimelineRow;
import exchange.recovery.local.drill.view.TimelineView;
import exchange.recovery.report.StepTimeline;
import exchange.recovery.report.StepTrace;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.stack.DeliveredMessage;

/**
 * Watches what a fault (or a replayed event) sets off: the executions that start on any of the stack's
 * state machines and their steps, the router's decisions, the notifications people would receive and the
 * approval links among them, and feeds it all to the timeline view a few times per second.
 */
public final class DrillObserver {

    private static final Duration TICK = Duration.ofMillis(250);

    private final DrillHarness harness;
    private final TimelineView view;
    private final ApprovalDriver approvals;
    private final Set<String> approveAs;
    private final Clock clock;
    private final Instant origin;
    private final SfnClient sfn;
    private final Set<String> known = new HashSet<>();
    private final Map<String, TrackedExecution> tracked = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<String> pendingNotes = new ConcurrentLinkedQueue<>();
    private final List<RoutingNote> routing = new ArrayList<>();
    private final List<ApprovalLink> links = new ArrayList<>();
    private final Set<String> approved = new HashSet<>();
    private final Map<String, Map<String, PlanState>> aslStates = new HashMap<>();

    /** What the router answered for one event. */
    public record RoutingNote(String action, String reason, String executionName) {
    }

    /**
     * Starts watching now: executions that exist already are not the drill's. {@code origin} is the
     * timeline's zero (the moment the fault was injected).
     */
    public DrillObserver(DrillHarness harness, TimelineView view, ApprovalDriver approvals, Set<String> approveAs,
                         Clock clock, Instant origin) {
        this.harness = harness;
        this.view = view;
        this.approvals = approvals;
        this.approveAs = Set.copyOf(approveAs);
        this.clock = clock;
        this.origin = origin;
        this.sfn = harness.aws().clients().stepFunctions();
        for (String machine : harness.stateMachines().keySet()) {
            list(machine).forEach(execution -> known.add(execution.executionArn()));
        }
        harness.inbox().poll();
        harness.aws().lambdas().onInvocation(this::onInvocation);
        readPlans();
    }

    /** What the ASL says each state is, so that a step shows its kind before its task is even scheduled. */
    private void readPlans() {
        PlanReader reader = new PlanReader(harness.catalog());
        for (String logicalId : harness.stateMachines().values()) {
            harness.catalog().nameOf(logicalId).ifPresent(name -> {
                try {
                    Map<String, PlanState> states = new HashMap<>();
                    reader.read(name).allStates().forEach(state -> states.putIfAbsent(state.name(), state));
                    aslStates.put(logicalId, states);
                } catch (RuntimeException unreadable) {
                    // the history alone still tells the kind once the task is scheduled
                }
            });
        }
    }

    /** Notes from the scenario or the drill, shown in order with the timeline. */
    public void note(String text) {
        view.note(Duration.between(origin, clock.instant()), text);
    }

    /**
     * Watches until {@code done} says so or {@code timeout} passes; returns false on timeout.
     */
    public boolean watchUntil(java.util.function.Predicate<DrillObserver> done, Duration timeout, String waitingFor) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            tick(waitingFor);
            if (done.test(this)) {
                return true;
            }
            if (clock.instant().isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(TICK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** One look at everything; updates the view. */
    public void tick(String status) {
        for (Map.Entry<String, String> machine : harness.stateMachines().entrySet()) {
            for (ExecutionListItem item : list(machine.getKey())) {
                if (known.add(item.executionArn())) {
                    tracked.put(item.executionArn(), new TrackedExecution(item.executionArn(), item.name(), machine.getValue(),
                            harness.catalog().isTopLevel(machine.getValue()), "RUNNING", item.startDate(), null, List.of()));
                    note((harness.catalog().isTopLevel(machine.getValue()) ? "plan started: " : "nested plan started: ")
                            + machine.getValue() + " / " + item.name());
                }
            }
        }
        for (TrackedExecution execution : List.copyOf(tracked.values())) {
            if (execution.running() || execution.steps().isEmpty()) {
                refresh(execution);
            }
        }
        view.update(rows(), Duration.between(origin, clock.instant()), status(status));
        for (String text; (text = pendingNotes.poll()) != null; ) {
            note(text);
        }
        for (DeliveredMessage message : harness.inbox().poll()) {
            note("notification (" + message.topicName() + "): " + (message.subject() == null ? abbreviate(message.message()) : message.subject()));
            for (ApprovalLink link : ApprovalLink.in(message)) {
                links.add(link);
                note("approval requested from " + link.approver() + ": " + link.url());
                if (approveAs.contains(link.approver()) && approved.add(link.url())) {
                    try {
                        note(approvals.approve(link));
                    } catch (RuntimeException e) {
                        note("approval as " + link.approver() + " failed: " + e.getMessage());
                    }
                }
            }
        }
    }

    private void refresh(TrackedExecution execution) {
        DescribeExecutionResponse description = sfn.describeExecution(b -> b.executionArn(execution.arn()));
        List<HistoryEvent> events = sfn.getExecutionHistoryPaginator(b -> b.executionArn(execution.arn())).events().stream().toList();
        String machineName = description.stateMachineArn().substring(description.stateMachineArn().lastIndexOf(':') + 1);
        List<StepTrace> steps = StepTimeline.of(execution.name(), machineName, description.statusAsString(), events);
        TrackedExecution updated = new TrackedExecution(execution.arn(), execution.name(), execution.machineLogicalId(),
                execution.plan(), description.statusAsString(), description.startDate(), description.stopDate(), steps);
        tracked.put(execution.arn(), updated);
        if (execution.running() && !updated.running()) {
            pendingNotes.add((updated.plan() ? "plan " : "nested plan ") + updated.machineLogicalId() + " / " + updated.name()
                    + " ended " + updated.status());
        }
    }

    private List<TimelineRow> rows() {
        List<TimelineRow> rows = new ArrayList<>();
        Instant now = clock.instant();
        for (TrackedExecution execution : tracked.values()) {
            int index = 0;
            for (StepTrace step : execution.steps()) {
                Instant end = step.endedAt() != null ? step.endedAt() : execution.stoppedAt() != null ? execution.stoppedAt() : now;
                PlanState declared = aslStates.getOrDefault(execution.machineLogicalId(), Map.of()).get(step.state());
                String kind = declared != null ? declared.kind().label() : step.kind().label();
                String tier = step.tier() != null || declared == null ? step.tier() : declared.tier();
                rows.add(new TimelineRow(execution.arn() + "#" + index++, execution.plan() ? 0 : 1, tier, step.state(),
                        kind, step.status(), Duration.between(origin, step.startedAt()),
                        Duration.between(step.startedAt(), end), step.toReportStep().detail()));
            }
        }
        rows.sort(Comparator.comparing(TimelineRow::at));
        return rows;
    }

    private String status(String waitingFor) {
        long running = tracked.values().stream().filter(TrackedExecution::running).count();
        if (tracked.isEmpty()) {
            return waitingFor;
        }
        if (running == 0) {
            return "every execution has ended";
        }
        boolean waiting = tracked.values().stream().flatMap(e -> e.steps().stream()).anyMatch(s -> "WAITING".equals(s.status()));
        return running + " execution(s) running" + (waiting ? " — waiting for a callback (approval or event)" : "");
    }

    private void onInvocation(LambdaInvocation invocation) {
        if (invocation.failed() || invocation.response() == null) {
            return;
        }
        try {
            JsonNode response = Json.read(invocation.response());
            if (response.path("action").isTextual() && response.has("reason")) {
                RoutingNote note = new RoutingNote(response.get("action").asText(), response.path("reason").asText(),
                        response.path("executionName").asText(null));
                synchronized (routing) {
                    routing.add(note);
                }
                pendingNotes.add("router: " + note.action() + " — " + note.reason()
                        + (note.executionName() == null ? "" : " (" + note.executionName() + ")"));
            }
        } catch (RuntimeException notJson) {
            // not a routing decision
        }
    }

    private List<ExecutionListItem> list(String machineArn) {
        return sfn.listExecutionsPaginator(b -> b.stateMachineArn(machineArn)).executions().stream().toList();
    }

    private static String abbreviate(String text) {
        String single = text == null ? "" : text.replace('\n', ' ');
        return single.length() <= 80 ? single : single.substring(0, 79) + "…";
    }

    public List<TrackedExecution> executions() {
        return List.copyOf(tracked.values());
    }

    public List<TrackedExecution> plans() {
        return tracked.values().stream().filter(TrackedExecution::plan).toList();
    }

    /** True once at least one plan started and every execution seen has ended. */
    public boolean plansEnded() {
        return !plans().isEmpty() && tracked.values().stream().noneMatch(TrackedExecution::running);
    }

    public List<RoutingNote> routing() {
        synchronized (routing) {
            return List.copyOf(routing);
        }
    }

    public List<ApprovalLink> approvalLinks() {
        return List.copyOf(links);
    }

    public Instant origin() {
        return origin;
    }
}
