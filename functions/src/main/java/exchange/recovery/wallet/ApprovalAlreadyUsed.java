package exchange.recovery.wallet;

/** The approval already resumed withdrawals once (or predates the pause it would lift): withdrawals stay paused. */
public class ApprovalAlreadyUsed extends WithdrawalResumeRefused {

    public ApprovalAlreadyUsed(String message) {
        super(message);
    }
}
