package exchange.recovery.local.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import exchange.recovery.local.LocalRuntimeException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** Waiting on and reading Step Functions executions, for tests and the drill. */
public final class Executions {

    private static final Duration POLL = Duration.ofMillis(100);

    private final SfnClient sfn;

    public Executions(SfnClient sfn) {
        this.sfn = sfn;
    }

    /** Waits until the execution has left RUNNING and returns its final description. */
    public DescribeExecutionResponse awaitEnd(String executionArn, Duration timeout) {
        return await(() -> {
            DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
            return execution.status() == ExecutionStatus.RUNNING ? null : execution;
        }, timeout, "execution " + executionArn + " to end");
    }

    /** Waits until the state machine has at least {@code count} executions, newest first. */
    public List<ExecutionListItem> awaitExecutions(String stateMachineArn, int count, Duration timeout) {
        return await(() -> {
            List<ExecutionListItem> executions = list(stateMachineArn);
            return executions.size() >= count ? executions : null;
        }, timeout, count + " executions of " + stateMachineArn);
    }

    public List<ExecutionListItem> list(String stateMachineArn) {
        return sfn.listExecutionsPaginator(b -> b.stateMachineArn(stateMachineArn)).executions().stream().toList();
    }

    public List<HistoryEvent> history(String executionArn) {
        return sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn)).events().stream().toList();
    }

    /** The first failure the execution met (a failed task or Lambda function, or the execution's own), or empty. */
    public java.util.Optional<String> firstFailure(String executionArn) {
        for (HistoryEvent event : history(executionArn)) {
            String text = switch (event.type()) {
                case TASK_FAILED -> event.taskFailedEventDetails().error() + ": " + event.taskFailedEventDetails().cause();
                case LAMBDA_FUNCTION_FAILED -> event.lambdaFunctionFailedEventDetails().error() + ": "
                        + event.lambdaFunctionFailedEventDetails().cause();
                case TASK_TIMED_OUT -> event.taskTimedOutEventDetails().error() + ": " + event.taskTimedOutEventDetails().cause();
                case EXECUTION_FAILED -> event.executionFailedEventDetails().error() + ": " + event.executionFailedEventDetails().cause();
                default -> null;
            };
            if (text != null) {
                return java.util.Optional.of(event.typeAsString() + " " + text);
            }
        }
        return java.util.Optional.empty();
    }

    /** Polls {@code probe} until it returns a value, or fails after {@code timeout} naming what it waited for. */
    public static <T> T await(Supplier<T> probe, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new LocalRuntimeException("Timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalRuntimeException("Interrupted while waiting for " + what);
            }
        }
    }
}
