package exchange.recovery.approval;

/**
 * A request with the server-side facts that never leave the approval service: the task token, and
 * whether the approvers were notified and the waiting task was completed.
 */
public record StoredRequest(ApprovalRequest request, String taskToken, boolean notified, boolean taskCompleted) {
}
