package exchange.recovery.wallet;

import exchange.recovery.core.RecoveryException;

/** Withdrawals stay paused: what resuming needs was not there. Nothing was changed. */
public class WithdrawalResumeRefused extends RecoveryException {

    public WithdrawalResumeRefused(String message) {
        super(message);
    }
}
