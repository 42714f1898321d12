package exchange.recovery.router;

import java.time.Instant;
import java.util.Optional;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.StateMachineDeletingException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/** Starts recovery plans under deterministic names and tells whether an execution still runs. */
public class RecoveryExecutions {

    private final SfnClient stepFunctions;

    public RecoveryExecutions(SfnClient stepFunctions) {
        this.stepFunctions = stepFunctions;
    }

    public enum StartOutcome {
        /** A new execution runs. */
        STARTED,
        /** An execution of that name exists already (running or not): nothing new was started. */
        ALREADY_EXISTS
    }

    /** What Step Functions says of an execution. */
    public record ExecutionState(ExecutionStatus status, Optional<Instant> stopDate) {

        public boolean running() {
            return status == ExecutionStatus.RUNNING || status == ExecutionStatus.PENDING_REDRIVE;
        }
    }

    /** The ARN Step Functions gives a standard execution of that name. */
    public static String executionArn(String stateMachineArn, String executionName) {
        int marker = stateMachineArn.indexOf(":stateMachine:");
        if (marker < 0) {
            throw new IllegalArgumentException("Not a state machine ARN: " + stateMachineArn);
        }
        return stateMachineArn.substring(0, marker) + ":execution:"
                + stateMachineArn.substring(marker + ":stateMachine:".length()) + ":" + executionName;
    }

    public StartOutcome start(String stateMachineArn, String executionName, String input) {
        try {
            stepFunctions.startExecution(builder -> builder.stateMachineArn(stateMachineArn).name(executionName).input(input));
            return StartOutcome.STARTED;
        } catch (ExecutionAlreadyExistsException exists) {
            return StartOutcome.ALREADY_EXISTS;
        } catch (StateMachineDoesNotExistException | StateMachineDeletingException | InvalidArnException
                 | InvalidNameException | InvalidExecutionInputException refused) {
            throw new RecoveryNotStarted("Step Functions refused to start " + executionName + " of " + stateMachineArn
                    + ": " + refused.awsErrorDetails().errorMessage(), refused);
        } catch (SdkException e) {
            throw new TransientFailure("Could not start " + executionName + " of " + stateMachineArn, e);
        }
    }

    /** The execution's status, or empty when no execution has that ARN. */
    public Optional<ExecutionState> describe(String executionArn) {
        try {
            DescribeExecutionResponse execution = stepFunctions.describeExecution(builder -> builder.executionArn(executionArn));
            return Optional.of(new ExecutionState(execution.status(), Optional.ofNullable(execution.stopDate())));
        } catch (ExecutionDoesNotExistException missing) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new TransientFailure("Could not describe execution " + executionArn, e);
        }
    }
}
