package exchange.recovery.local.scenarios;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.report.ReportVerdict;

/**
 * A gate that blocks: the wallet service fails after writing a balance without its ledger entry (account
 * 1005 gains 1 BTC out of nowhere). The plan verifies tier 1 first; its integrity gate finds the balance
 * that disagrees with the ledger, so the plan halts before any later tier, says why with the offending
 * account, and gives the input that resumes it once the data is fixed.
 */
final class WalletFailureBalanceDrift {

    static final ExchangeAlarm ALARM = new ExchangeAlarm("exchange-wallet-service-unhealthy", "Exchange/Wallet",
            "HealthyTasks", "LessThanThreshold", 1, "The wallet service has no healthy task");

    static final Scenario SCENARIO = Scenario.named("wallet-failure-balance-drift")
            .fails("the wallet service fails after crediting account 1005 with 1 BTC that no ledger entry backs")
            .expects("tier 1's integrity gate blocks (balances-match-ledger names account 1005), the plan halts before tier 2 "
                    + "and gives its redrive input")
            .tiers(Tier.WALLET)
            .alarms(ALARM)
            .fault(Faults.sql("UPDATE balances SET available = available + 1 WHERE account_id = 1005 AND asset_code = 'BTC'",
                            "balances: account 1005 BTC available + 1, with no ledger entry")
                    .then(Faults.alarm(ALARM, "Threshold Crossed: 2 out of the last 2 datapoints [0.0] were less than the threshold (1.0).")))
            .reportShows(
                    Expect.triggeredBy(ALARM.name()),
                    Expect.scope(Tier.WALLET),
                    Expect.tier(Tier.DATABASE, "VERIFY", "FAILED"),
                    Expect.integrityCheck(Tier.DATABASE, "balances-match-ledger", false),
                    Expect.integrityEvidence(Tier.DATABASE, "balances-match-ledger", "1005"),
                    Expect.notReported(Tier.WALLET),
                    Expect.haltedAt("GateFailed"),
                    Expect.verdict(ReportVerdict.Outcome.HALTED),
                    Expect.notified("Recovery halted: gate failed"),
                    Expect.redriveGiven("\"resume\":true"))
            .build();

    private WalletFailureBalanceDrift() {
    }
}
