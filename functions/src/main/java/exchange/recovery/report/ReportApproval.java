package exchange.recovery.report;

import java.time.Instant;
import java.util.List;

/**
 * A human decision the plan waited for.
 *
 * @param outcome {@code APPROVED}, {@code REJECTED}, {@code EXPIRED}, or the error the wait ended with
 * @param approvers who approved, and when
 */
public record ReportApproval(String requestId, String approvalType, String tier, String outcome, int requiredApprovals,
                             List<Approver> approvers, Instant requestedAt, Instant decidedAt, String detail) {

    public ReportApproval {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }

    /** One approver's approval. */
    public record Approver(String approver, Instant decidedAt) {
    }
}
