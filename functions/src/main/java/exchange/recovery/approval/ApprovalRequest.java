package exchange.recovery.approval;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Published;

/**
 * An approval request as stored: what is being decided, by whom, until when, and where it stands.
 * The task token that resumes the waiting execution is stored beside it but is never part of this
 * record, so it cannot leak into a page, a link, a log line or a notification.
 */
@Published("what ApprovalRecords.verify returns: the approved request, its evidence and when it was asked and decided")
public record ApprovalRequest(
        String requestId,
        String incidentId,
        String approvalType,
        String plan,
        String tier,
        String summary,
        JsonNode evidence,
        String evidenceDigest,
        List<String> approvers,
        int requiredApprovals,
        Instant createdAt,
        Instant expiresAt,
        ApprovalStatus status,
        Instant decidedAt,
        String outcomeReason) {

    public ApprovalRequest {
        approvers = List.copyOf(approvers);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
