package exchange.recovery.approval;

import exchange.recovery.core.RecoveryException;

/**
 * A link or a decision that the approval page turns down. The reason decides the page and its HTTP
 * status; nothing about the request changes when this is thrown.
 */
public class ApprovalRefused extends RecoveryException {

    /** Why, with the HTTP status the page answers with and the title it shows. */
    public enum Reason {
        MALFORMED(400, "This request is incomplete"),
        TAMPERED(403, "This link is not valid"),
        NOT_AN_APPROVER(403, "You are not an approver for this request"),
        FORM_INVALID(403, "This form is no longer valid"),
        OTHER_APPROVER(403, "This browser already decided as another approver"),
        UNKNOWN(404, "This approval request does not exist"),
        ALREADY_DECIDED(409, "This request has already been decided"),
        APPROVER_ALREADY_DECIDED(409, "You have already decided on this request"),
        EXPIRED(410, "This link has expired");

        private final int status;
        private final String title;

        Reason(int status, String title) {
            this.status = status;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }
    }

    private final Reason reason;

    public ApprovalRefused(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
