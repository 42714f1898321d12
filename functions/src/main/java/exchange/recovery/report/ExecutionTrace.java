package exchange.recovery.report;

import java.time.Instant;
import java.util.List;

import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * One execution as Step Functions recorded it: its description, its history, and the executions it
 * started (nested plans), each traced the same way.
 */
public record ExecutionTrace(String executionArn, String name, String stateMachineArn, String status, Instant startedAt,
                             Instant stoppedAt, String error, String cause, List<HistoryEvent> events,
                             List<ExecutionTrace> children) {

    public ExecutionTrace {
        events = List.copyOf(events);
        children = List.copyOf(children);
    }

    /** The state machine's name (the last part of its ARN). */
    public String machineName() {
        return stateMachineArn == null ? "" : stateMachineArn.substring(stateMachineArn.lastIndexOf(':') + 1);
    }

    /** This trace with another status: the plan's own view of how it ends, given while it still runs. */
    public ExecutionTrace withStatus(String newStatus, String newError, String newCause) {
        return new ExecutionTrace(executionArn, name, stateMachineArn, newStatus, startedAt, stoppedAt,
                newError == null ? error : newError, newCause == null ? cause : newCause, events, children);
    }
}
