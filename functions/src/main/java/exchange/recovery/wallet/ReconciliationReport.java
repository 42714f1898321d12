package exchange.recovery.wallet;

import java.time.Instant;
import java.util.List;

/**
 * The result of a wallet reconciliation, shown to approvers as evidence and checked by the withdrawal
 * gate. Amounts are decimal strings (exact, whatever JSON tooling they pass through).
 */
public record ReconciliationReport(
        boolean passed,
        Instant generatedAt,
        String provider,
        List<AssetFigures> assets,
        long mismatchedAccounts,
        List<AccountMismatch> offenders,
        List<String> problems) {

    public ReconciliationReport {
        assets = List.copyOf(assets);
        offenders = List.copyOf(offenders);
        problems = List.copyOf(problems);
    }

    /**
     * One asset's three views of the same money: the ledger's customer liabilities, the wallet service's
     * balances, and the hot wallet on chain (which should hold what the hot-wallet ledger account owes out).
     */
    public record AssetFigures(
            String asset,
            String ledgerNet,
            String ledgerLiabilities,
            String walletBalances,
            String walletDifference,
            String expectedOnChain,
            String onChain,
            String onChainDifference,
            String tolerance,
            String hotWalletAddress,
            long mismatchedAccounts,
            boolean passed) {
    }

    /** An account whose wallet balance (available + locked) differs from its ledger sum. */
    public record AccountMismatch(long accountId, String asset, String ledger, String wallet, String difference) {
    }
}
