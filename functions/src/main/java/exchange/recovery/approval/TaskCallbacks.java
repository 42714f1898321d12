package exchange.recovery.approval;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Completes (or keeps alive) the execution waiting on an approval task. A task that no longer waits
 * (timed out, already completed, execution stopped) is reported as {@link Delivery#TASK_GONE}, not as
 * an error: the decision stands in the approval table and the audit log either way.
 */
public class TaskCallbacks {

    public static final String REJECTED_ERROR = "ApprovalRejected";

    /** Whether the waiting task took the callback. */
    public enum Delivery { DELIVERED, TASK_GONE }

    private final SfnClient stepFunctions;

    public TaskCallbacks(SfnClient stepFunctions) {
        this.stepFunctions = stepFunctions;
    }

    public Delivery succeed(String taskToken, String outputJson) {
        return send(() -> stepFunctions.sendTaskSuccess(SendTaskSuccessRequest.builder()
                .taskToken(taskToken).output(outputJson).build()));
    }

    public Delivery reject(String taskToken, String cause) {
        return send(() -> stepFunctions.sendTaskFailure(SendTaskFailureRequest.builder()
                .taskToken(taskToken).error(REJECTED_ERROR).cause(cause).build()));
    }

    public Delivery heartbeat(String taskToken) {
        return send(() -> stepFunctions.sendTaskHeartbeat(SendTaskHeartbeatRequest.builder().taskToken(taskToken).build()));
    }

    private static Delivery send(Runnable call) {
        try {
            call.run();
            return Delivery.DELIVERED;
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException gone) {
            return Delivery.TASK_GONE;
        } catch (SdkException e) {
            throw new TransientFailure("Step Functions did not take the task callback", e);
        }
    }
}
