package exchange.recovery.local.scenarios;

import java.sql.Connection;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.scenarios.Expect;
import exchange.recovery.local.scenarios.Expectation;
import exchange.recovery.local.scenarios.FaultContext;
import exchange.recovery.local.stack.Need;
import exchange.recovery.local.scenarios.Scenario;

/**
 * The seed's "data corruption": a bad migration multiplies one ledger entry by ten, and the integrity
 * monitor's alarm fires. The plan restores the database to just before the alarm into a new instance,
 * checks the restored data's integrity before anything else, cuts over (the original kept for forensics),
 * gates tier 1 on the restored data, records the RPO, and goes on with the other tiers.
 */
public final class DataCorruption implements Scenario {

    static final String ALARM = "exchange-db-integrity-check-failed";
    static final ExchangeAlarm INTEGRITY_ALARM = new ExchangeAlarm(ALARM, "Exchange/Integrity", "FailedChecks",
            "GreaterThanOrEqualToThreshold", 1, "The continuous integrity monitor found a failing check");
    static final String ALARM_REASON = "Threshold Crossed: 1 datapoint [2.0] was greater than or equal to the threshold (1.0).";

    @Override
    public String name() {
        return "data-corruption";
    }

    @Override
    public String failure() {
        return "a bad migration multiplies ledger transaction 42 by ten; the integrity monitor's alarm fires";
    }

    @Override
    public String expectedOutcome() {
        return "point-in-time restore to just before the alarm, restored data checked, cut-over, RPO recorded, "
                + "other tiers verified, withdrawals resumed after two approvals";
    }

    @Override
    public List<Tier> tiers() {
        return List.of(Tier.DATABASE);
    }

    @Override
    public Set<Need> needs() {
        return EnumSet.of(Need.POSTGRES, Need.POINT_IN_TIME_RESTORE);
    }

    @Override
    public List<ExchangeAlarm> alarms() {
        return List.of(INTEGRITY_ALARM);
    }

    @Override
    public List<String> approvers() {
        return List.of("alice", "bob");
    }

    @Override
    public void inject(FaultContext fault) throws Exception {
        corruptLedger(fault);
        fault.fireAlarm(ALARM, ALARM_REASON);
    }

    /** The bad migration's write: one leg of a transaction multiplied, so its asset's ledger no longer sums to zero. */
    static void corruptLedger(FaultContext fault) throws java.sql.SQLException {
        try (Connection connection = fault.database(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE ledger_entries SET amount = amount * 10 WHERE tx_id = 42 AND account_id <> 1");
        }
        fault.note("ledger: the customer leg of transaction 42 multiplied by 10 (the asset's ledger no longer sums to zero)");
    }

    @Override
    public List<Expectation> expectations() {
        return List.of(
                Expect.triggeredBy(ALARM),
                Expect.scope(Tier.DATABASE),
                Expect.tier(Tier.DATABASE, "RECOVER", "RECOVERED"),
                Expect.integrityCheck(Tier.DATABASE, "ledger-balanced", true),
                Expect.integrityCheck(Tier.DATABASE, "balances-match-ledger", true),
                Expect.rpoReported(Tier.DATABASE),
                Expect.othersVerified(Tier.DATABASE, Tier.DEPOSITS_WITHDRAWALS),
                Expect.tier(Tier.DEPOSITS_WITHDRAWALS, "RECOVER", "RECOVERED"),
                Expect.approvedBy("alice", "bob"),
                Expect.recovered());
    }
}
