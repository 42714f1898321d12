package exchange.recovery.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Reads an execution and, through the {@code ExecutionArn} that {@code states:startExecution} tasks
 * return, the nested executions it started.
 */
public class ExecutionTraces {

    private static final int MAX_DEPTH = 4;

    private final SfnClient sfn;

    public ExecutionTraces(SfnClient sfn) {
        this.sfn = sfn;
    }

    public ExecutionTrace read(String executionArn) {
        return read(executionArn, 0);
    }

    private ExecutionTrace read(String executionArn, int depth) {
        try {
            DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
            List<HistoryEvent> events = sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn))
                    .events().stream().toList();
            List<ExecutionTrace> children = new ArrayList<>();
            if (depth < MAX_DEPTH) {
                for (String child : childExecutions(events)) {
                    children.add(read(child, depth + 1));
                }
            }
            return new ExecutionTrace(executionArn, execution.name(), execution.stateMachineArn(),
                    execution.statusAsString(), execution.startDate(), execution.stopDate(), execution.error(),
                    execution.cause(), events, children);
        } catch (ExecutionDoesNotExistException e) {
            throw new ExecutionNotFound(executionArn);
        } catch (SdkException e) {
            throw new TransientFailure("Could not read execution " + executionArn, e);
        }
    }

    /** The executions that tasks of this history started, in the order they started. */
    static Set<String> childExecutions(List<HistoryEvent> events) {
        Set<String> children = new LinkedHashSet<>();
        for (HistoryEvent event : events) {
            String output = null;
            if (event.type() == HistoryEventType.TASK_SUBMITTED && "states".equals(event.taskSubmittedEventDetails().resourceType())) {
                output = event.taskSubmittedEventDetails().output();
            } else if (event.type() == HistoryEventType.TASK_SUCCEEDED && "states".equals(event.taskSucceededEventDetails().resourceType())) {
                output = event.taskSucceededEventDetails().output();
            }
            if (output != null) {
                JsonNode arn = parse(output).path("ExecutionArn");
                if (arn.isTextual()) {
                    children.add(arn.asText());
                }
            }
        }
        return children;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.read(json);
        } catch (RuntimeException e) {
            return Json.MAPPER.missingNode();
        }
    }
}
