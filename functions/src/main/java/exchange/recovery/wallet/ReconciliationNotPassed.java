package exchange.recovery.wallet;

/** Resuming was asked without a passed reconciliation report, or with one the approvers did not see. */
public class ReconciliationNotPassed extends WithdrawalResumeRefused {

    public ReconciliationNotPassed(String message) {
        super(message);
    }
}
