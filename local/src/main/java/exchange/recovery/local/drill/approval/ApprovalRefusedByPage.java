package exchange.recovery.local.drill.approval;

import exchange.recovery.local.LocalRuntimeException;

/** The approval page did not accept the drill's approval (an expired or used link, no form...). */
public class ApprovalRefusedByPage extends LocalRuntimeException {

    public ApprovalRefusedByPage(String message) {
        super(message);
    }
}
