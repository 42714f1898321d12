package exchange.recovery.local.scenarios;

import java.math.BigDecimal;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.LocalExchange;
import exchange.recovery.report.ReportVerdict;

/**
 * Withdrawal resumption with a reconciliation mismatch: the database fails over (so withdrawals are paused
 * at the start), everything recovers, but on chain the hot wallet holds 1.5 BTC less than the ledger says.
 * Reconciliation fails, nobody is even asked to approve, withdrawals stay paused and the plan halts at tier 6
 * with the offending asset in the evidence.
 */
final class WithdrawalResumptionMismatch {

    static final BigDecimal MISSING_BTC = new BigDecimal("-1.5");

    static final Scenario SCENARIO = Scenario.named("withdrawal-resumption-mismatch")
            .fails("the RDS primary fails while the hot wallet holds 1.5 BTC less on chain than the ledger says")
            .expects("tiers 1-5 recover, reconciliation fails on BTC, withdrawals stay paused, the plan halts at tier 6")
            .tiers(Tier.DATABASE, Tier.DEPOSITS_WITHDRAWALS)
            .alarms(Alarms.DATABASE_PRIMARY_UNAVAILABLE)
            .approvers("alice", "bob")
            .before(exchange -> exchange.onChainDifference("BTC", MISSING_BTC))
            .fault(Faults.note("on chain, the BTC hot wallet holds 1.5 BTC less than the ledger's hot-wallet account says")
                    .then(Faults.note("primary " + LocalExchange.DATABASE_INSTANCE + " stops answering"))
                    .then(Faults.alarm(Alarms.DATABASE_PRIMARY_UNAVAILABLE, Alarms.DATABASE_PRIMARY_UNAVAILABLE_REASON)))
            .reportShows(
                    Expect.triggeredBy(Alarms.DATABASE_PRIMARY_UNAVAILABLE.name()),
                    Expect.tier(Tier.DATABASE, "RECOVER", "RECOVERED"),
                    Expect.othersVerified(Tier.DATABASE, Tier.DEPOSITS_WITHDRAWALS),
                    Expect.tierOutcome(Tier.DEPOSITS_WITHDRAWALS, "FAILED"),
                    Expect.notified("Wallet reconciliation failed: withdrawals stay paused"),
                    Expect.approvedBy(),
                    Expect.verdict(ReportVerdict.Outcome.HALTED),
                    Expect.redriveGiven("\"resume\":true"))
            .build();

    private WithdrawalResumptionMismatch() {
    }
}
