package exchange.recovery.approval;

import exchange.recovery.core.RecoveryException;

/** A decision record offered as proof of approval does not match an approved request. */
public class ApprovalNotValid extends RecoveryException {

    public ApprovalNotValid(String message) {
        super(message);
    }
}
