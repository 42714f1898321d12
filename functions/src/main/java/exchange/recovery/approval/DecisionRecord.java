package exchange.recovery.approval;

import java.time.Instant;
import java.util.List;

import exchange.recovery.core.Published;

/**
 * What an approved request hands back to the waiting execution (the output of its approval task):
 * who approved, when, and a digest of the evidence they were shown. A gate that acts on an approval
 * (resuming withdrawals) checks this record against the approval table before it acts.
 */
@Published("the approval task's output that a plan hands to a gate as its proof of approval")
public record DecisionRecord(
        String requestId,
        String incidentId,
        String approvalType,
        ApprovalStatus outcome,
        int requiredApprovals,
        List<Approval> approvals,
        String evidenceDigest,
        Instant requestedAt,
        Instant decidedAt) {

    public DecisionRecord {
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
    }

    /** One approver's approval as it appears in the record. */
    public record Approval(String approver, Instant decidedAt, String sourceIp) {
    }
}
