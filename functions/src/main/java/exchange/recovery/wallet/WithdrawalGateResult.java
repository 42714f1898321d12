package exchange.recovery.wallet;

/** The flag after the action, and whether this call changed it. */
public record WithdrawalGateResult(String action, boolean changed, WithdrawalState state) {
}
