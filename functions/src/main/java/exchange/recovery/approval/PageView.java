package exchange.recovery.approval;

import java.util.List;

/** What the approval page shows after a GET or a POST; {@link ApprovalPage} renders it. */
public sealed interface PageView {

    /** The request with its evidence, and the Approve / Reject forms bound to one nonce. */
    record DecisionForm(ApprovalRequest request, String approver, List<Decision> decisions, String nonce,
                        String csrfToken, String formAction) implements PageView {
    }

    /**
     * The approver's decision was recorded; {@code request} shows the status it led to. {@code settled}
     * is false when recording succeeded but auditing it, closing the request or resuming the waiting task
     * did not finish yet (it is retried); {@code approvals} is then unknown (-1).
     */
    record DecisionRecorded(ApprovalRequest request, Decision decision, long approvals, String actorCookie, boolean settled)
            implements PageView {
    }

    /** Nothing was changed; {@code request} and {@code ownDecision} are shown only once the link is proven genuine. */
    record Refusal(ApprovalRefused.Reason reason, ApprovalRequest request, Decision ownDecision) implements PageView {
    }
}
