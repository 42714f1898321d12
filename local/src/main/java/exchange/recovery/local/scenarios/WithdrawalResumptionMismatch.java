package exchange.recovery.local.scenarios;

import java.math.BigDecimal;
import java.util.List;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.exchange.ExchangeSetup;
import exchange.recovery.local.scenarios.Expect;
import exchange.recovery.local.scenarios.Expectation;
import exchange.recovery.local.scenarios.FaultContext;
import exchange.recovery.local.exchange.LocalExchange;
import exchange.recovery.local.scenarios.Scenario;
import exchange.recovery.report.ReportVerdict;

/**
 * Withdrawal resumption with a reconciliation mismatch: the database fails over (so withdrawals are paused
 * at the start), everything recovers, but on chain the hot wallet holds 1.5 BTC less than the ledger says.
 * Reconciliation fails, nobody is even asked to approve, withdrawals stay paused and the plan halts at tier 6
 * with the offending asset in the evidence.
 */
public final class WithdrawalResumptionMismatch implements Scenario {

    static final String ALARM = "exchange-db-primary-unavailable";
    static final BigDecimal MISSING_BTC = new BigDecimal("-1.5");

    @Override
    public String name() {
        return "withdrawal-resumption-mismatch";
    }

    @Override
    public String failure() {
        return "the RDS primary fails while the hot wallet holds 1.5 BTC less on chain than the ledger says";
    }

    @Override
    public String expectedOutcome() {
        return "tiers 1-5 recover, reconciliation fails on BTC, withdrawals stay paused, the plan halts at tier 6";
    }

    @Override
    public List<Tier> tiers() {
        return List.of(Tier.DATABASE, Tier.DEPOSITS_WITHDRAWALS);
    }

    @Override
    public List<ExchangeAlarm> alarms() {
        return List.of(new ExchangeAlarm(ALARM, "AWS/RDS", "DatabaseConnections", "LessThanThreshold", 1,
                "The exchange's RDS primary accepts no connections"));
    }

    @Override
    public void setUp(ExchangeSetup setup) {
        setup.onChainDifference("BTC", MISSING_BTC);
    }

    @Override
    public List<String> approvers() {
        return List.of("alice", "bob");
    }

    @Override
    public void inject(FaultContext fault) {
        fault.note("on chain, the BTC hot wallet holds 1.5 BTC less than the ledger's hot-wallet account says");
        fault.note("primary " + LocalExchange.DATABASE_INSTANCE + " stops answering");
        fault.fireAlarm(ALARM, "Threshold Crossed: 3 out of the last 3 datapoints [0.0] were less than the threshold (1.0).");
    }

    @Override
    public List<Expectation> expectations() {
        return List.of(
                Expect.triggeredBy(ALARM),
                Expect.tier(Tier.DATABASE, "RECOVER", "RECOVERED"),
                Expect.othersVerified(Tier.DATABASE, Tier.DEPOSITS_WITHDRAWALS),
                Expect.tierOutcome(Tier.DEPOSITS_WITHDRAWALS, "FAILED"),
                Expect.notified("Wallet reconciliation failed: withdrawals stay paused"),
                Expect.approvedBy(),
                Expect.verdict(ReportVerdict.Outcome.HALTED),
                Expect.redriveGiven("\"resume\":true"));
    }
}
