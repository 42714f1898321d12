package exchange.recovery.local.scenarios;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.exchange.LocalExchange;

/** The faults scenarios share; a scenario's own fault stays in its file. */
public final class Faults {

    private Faults() {
    }

    /** The alarm moves to ALARM, as CloudWatch moves it when its metric crosses the threshold. */
    public static Fault alarm(ExchangeAlarm alarm, String reason) {
        return context -> context.fireAlarm(alarm.name(), reason);
    }

    /** Tells the person watching what happens that the local exchange cannot show (e.g. a primary in another zone). */
    public static Fault note(String text) {
        return context -> context.note(text);
    }

    /** Monitoring notices only after {@code delay}: the fault's writes are older than the alarm by that much. */
    public static Fault noticedAfter(Duration delay, String note) {
        return context -> {
            Thread.sleep(delay.toMillis());
            context.note(note);
        };
    }

    /** A bad migration's write: one leg of ledger transaction 42 multiplied by ten, so its asset's ledger no longer sums to zero. */
    public static Fault corruptLedger() {
        return sql("UPDATE ledger_entries SET amount = amount * 10 WHERE tx_id = 42 AND account_id <> 1",
                "ledger: the customer leg of transaction 42 multiplied by 10 (the asset's ledger no longer sums to zero)");
    }

    /** One statement against the exchange's database, then a note of what it did. */
    public static Fault sql(String statement, String note) {
        return context -> {
            try (Connection connection = context.database(); Statement sql = connection.createStatement()) {
                sql.executeUpdate(statement);
            }
            context.note(note);
        };
    }

    /** The trading API's instance in {@code zone} stops; the load balancer sees its target unhealthy. */
    public static Fault stopTradingApiInstance(String zone) {
        return context -> {
            LocalExchange exchange = context.exchange();
            String instance = exchange.tradingApiInstance(zone);
            exchange.stopInstance(instance);
            context.note("trading API instance " + instance + " in " + zone + " stopped; target health "
                    + exchange.tradingApiTargetHealth());
        };
    }
}
