package exchange.recovery.approval;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a state machine passes to the approval task ({@code lambda:invoke.waitForTaskToken}). Optional
 * fields fall back to the approval type's policy; {@code expiresInSeconds}, when given, wins over
 * {@code expiresInMinutes} so a state machine can pass exactly its task's TimeoutSeconds.
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
        Integer expiresInSeconds) {
}
