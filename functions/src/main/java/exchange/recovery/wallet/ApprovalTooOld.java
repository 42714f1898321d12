package exchange.recovery.wallet;

/** The approval was decided longer ago than the gate accepts: withdrawals stay paused; ask again. */
public class ApprovalTooOld extends WithdrawalResumeRefused {

    public ApprovalTooOld(String message) {
        super(message);
    }
}
