package exchange.recovery.approval;

import java.time.Instant;
import java.util.List;

/** What the approval task's Lambda returns (the execution waits for the decision, not for this). */
public record RequestApprovalResult(String requestId, List<String> approvers, int requiredApprovals,
                                    Instant expiresAt, String evidenceDigest, boolean created) {
}
