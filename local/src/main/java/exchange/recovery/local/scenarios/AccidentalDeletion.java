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
 * The seed's "accidental deletion": an operator's statement deletes open orders; the rows-deleted anomaly
 * alarm fires. Balances still match the ledger, so only the checkpoint comparison sees the loss: the plan
 * restores to just before the alarm, the restored copy matches its checkpoint, cut-over, RPO recorded.
 */
public final class AccidentalDeletion implements Scenario {

    static final String ALARM = "exchange-db-orders-rows-deleted-anomaly";

    @Override
    public String name() {
        return "accidental-deletion";
    }

    @Override
    public String failure() {
        return "an operator's DELETE removes the open orders of 100 accounts; the rows-deleted anomaly alarm fires";
    }

    @Override
    public String expectedOutcome() {
        return "point-in-time restore to just before the alarm, the restored copy matches its checkpoint, cut-over, "
                + "RPO recorded, withdrawals resumed after two approvals";
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
        return List.of(new ExchangeAlarm(ALARM, "Exchange/Database", "OrdersRowsDeleted", "GreaterThanThreshold", 50,
                "Rows deleted from orders in one minute"));
    }

    @Override
    public List<String> approvers() {
        return List.of("alice", "bob");
    }

    @Override
    public void inject(FaultContext fault) throws Exception {
        int deleted;
        try (Connection connection = fault.database(); Statement statement = connection.createStatement()) {
            deleted = statement.executeUpdate("DELETE FROM orders WHERE status = 'OPEN' AND account_id BETWEEN 1001 AND 2000");
        }
        fault.note("orders: " + deleted + " open orders deleted by a mistyped maintenance statement");
        fault.fireAlarm(ALARM, "Threshold Crossed: 1 datapoint [" + deleted + ".0] was greater than the threshold (50.0).");
    }

    @Override
    public List<Expectation> expectations() {
        return List.of(
                Expect.triggeredBy(ALARM),
                Expect.tier(Tier.DATABASE, "RECOVER", "RECOVERED"),
                Expect.integrityCheck(Tier.DATABASE, "checkpoint-match", true),
                Expect.rpoReported(Tier.DATABASE),
                Expect.othersVerified(Tier.DATABASE, Tier.DEPOSITS_WITHDRAWALS),
                Expect.tier(Tier.DEPOSITS_WITHDRAWALS, "RECOVER", "RECOVERED"),
                Expect.recovered());
    }
}
