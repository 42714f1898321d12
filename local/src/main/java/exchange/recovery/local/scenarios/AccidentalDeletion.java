package exchange.recovery.local.scenarios;

import java.sql.Connection;
import java.sql.Statement;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.stack.Need;

/**
 * The seed's "accidental deletion": an operator's statement deletes open orders; the rows-deleted anomaly
 * alarm fires. Balances still match the ledger, so only the checkpoint comparison sees the loss: the plan
 * restores to just before the alarm, the restored copy matches its checkpoint, cut-over, RPO recorded.
 */
final class AccidentalDeletion {

    static final ExchangeAlarm ALARM = new ExchangeAlarm("exchange-db-orders-rows-deleted-anomaly", "Exchange/Database",
            "OrdersRowsDeleted", "GreaterThanThreshold", 50, "Rows deleted from orders in one minute");

    static final Scenario SCENARIO = Scenario.named("accidental-deletion")
            .fails("an operator's DELETE removes the open orders of 100 accounts; the rows-deleted anomaly alarm fires")
            .expects("point-in-time restore to just before the alarm, the restored copy matches its checkpoint, cut-over, "
                    + "RPO recorded, withdrawals resumed after two approvals")
            .tiers(Tier.DATABASE)
            .needs(Need.POSTGRES, Need.POINT_IN_TIME_RESTORE)
            .alarms(ALARM)
            .approvers("alice", "bob")
            .fault(context -> {
                int deleted;
                try (Connection connection = context.database(); Statement statement = connection.createStatement()) {
                    deleted = statement.executeUpdate("DELETE FROM orders WHERE status = 'OPEN' AND account_id BETWEEN 1001 AND 2000");
                }
                context.note("orders: " + deleted + " open orders deleted by a mistyped maintenance statement");
                context.fireAlarm(ALARM.name(), "Threshold Crossed: 1 datapoint [" + deleted + ".0] was greater than the threshold (50.0).");
            })
            .reportShows(Expect.triggeredBy(ALARM.name()))
            .reportShows(PointInTimeRestore.recovered("checkpoint-match"))
            .reportShows(Expect.recovered())
            .build();

    private AccidentalDeletion() {
    }
}
