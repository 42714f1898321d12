package exchange.recovery.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** Builds execution histories the way Step Functions records them, one event a second from a start time. */
final class History {

    private final List<HistoryEvent> events = new ArrayList<>();
    private final Instant start;
    private long lastStateEntered;

    History(Instant start) {
        this.start = start;
        add(HistoryEventType.EXECUTION_STARTED, 0, b -> b.executionStartedEventDetails(d -> d.input("{}")));
    }

    Instant at(int second) {
        return start.plusSeconds(second);
    }

    private long add(HistoryEventType type, long previous, java.util.function.Consumer<HistoryEvent.Builder> details) {
        long id = events.size() + 1L;
        HistoryEvent.Builder builder = HistoryEvent.builder().id(id).previousEventId(previous).type(type)
                .timestamp(start.plusSeconds(events.size()));
        details.accept(builder);
        events.add(builder.build());
        return id;
    }

    private long last() {
        return events.size();
    }

    History enter(String type, String state) {
        lastStateEntered = add(HistoryEventType.fromValue(type + "StateEntered"), last(),
                b -> b.stateEnteredEventDetails(d -> d.name(state).input("{}")));
        return this;
    }

    History exit(String type, String state, String output) {
        add(HistoryEventType.fromValue(type + "StateExited"), last(), b -> b.stateExitedEventDetails(d -> d.name(state).output(output)));
        return this;
    }

    History scheduled(String resourceType, String resource, String parameters) {
        add(HistoryEventType.TASK_SCHEDULED, last(), b -> b.taskScheduledEventDetails(d -> d.resourceType(resourceType)
                .resource(resource).region("us-east-1").parameters(parameters)));
        add(HistoryEventType.TASK_STARTED, last(), b -> b.taskStartedEventDetails(d -> d.resourceType(resourceType).resource(resource)));
        return this;
    }

    History succeeded(String resourceType, String resource, String output) {
        add(HistoryEventType.TASK_SUCCEEDED, last(), b -> b.taskSucceededEventDetails(d -> d.resourceType(resourceType)
                .resource(resource).output(output)));
        return this;
    }

    History failed(String resourceType, String resource, String error, String cause) {
        add(HistoryEventType.TASK_FAILED, last(), b -> b.taskFailedEventDetails(d -> d.resourceType(resourceType)
                .resource(resource).error(error).cause(cause)));
        return this;
    }

    /** A Lambda task state that succeeds with {@code output}. */
    History lambda(String state, String payload, String output) {
        return enter("Task", state).scheduled("lambda", "invoke", "{\"FunctionName\":\"f\",\"Payload\":" + payload + "}")
                .succeeded("lambda", "invoke", "{\"Payload\":" + output + "}").exit("Task", state, "{}");
    }

    History executionSucceeded() {
        add(HistoryEventType.EXECUTION_SUCCEEDED, last(), b -> b.executionSucceededEventDetails(d -> d.output("{}")));
        return this;
    }

    History executionFailed(String error, String cause) {
        add(HistoryEventType.EXECUTION_FAILED, last(), b -> b.executionFailedEventDetails(d -> d.error(error).cause(cause)));
        return this;
    }

    List<HistoryEvent> events() {
        return List.copyOf(events);
    }

    ExecutionTrace trace(String status) {
        Instant stopped = "RUNNING".equals(status) ? null : events.get(events.size() - 1).timestamp();
        return new ExecutionTrace("arn:aws:states:us-east-1:123456789012:execution:exchange-recovery-PlatformRecoveryStateMachine:run-1",
                "run-1", "arn:aws:states:us-east-1:123456789012:stateMachine:exchange-recovery-PlatformRecoveryStateMachine",
                status, start, stopped, null, null, events(), List.of());
    }

    long lastStateEntered() {
        return lastStateEntered;
    }
}
