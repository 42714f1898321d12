package exchange.recovery.approval;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a state machine passes to the approval task ({@code lambda:invoke.waitForTaskToken}). Optional
 * fields fall back to the approval type's policy; {@code expiresInSeconds}, when given, wins over
 * {@code expiresInMinutes} so a state machine can pass exactly its task's TimeoutSeconds.
 * {@code executionId} ({@code $$.Execution.Id}) makes the request one per execution and approval type,
 * so a retried task (which has a new token) finds the request its first attempt opened.
 */
public record RequestApprovalInput(
        String taskToken,
        String incidentId,
        String approvalType,
        String plan,
        String tier,
        String summary,
        JsonNode evidence,
        Integer requiredApprovals,
        List<String> approverGroup,
        Integer expiresInMinutes,
        Integer expiresInSeconds,
        String executionId) {

    /** A request without an execution id: one request per task token (callers outside a state machine). */
    public RequestApprovalInput(String taskToken, String incidentId, String approvalType, String plan, String tier,
                                String summary, JsonNode evidence, Integer requiredApprovals, List<String> approverGroup,
                                Integer expiresInMinutes, Integer expiresInSeconds) {
        this(taskToken, incidentId, approvalType, plan, tier, summary, evidence, requiredApprovals, approverGroup,
                expiresInMinutes, expiresInSeconds, null);
    }
}
