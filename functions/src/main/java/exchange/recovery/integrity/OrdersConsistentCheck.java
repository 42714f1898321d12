package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code orders-consistent}: every order's filled quantity equals the sum of its trades and never exceeds its
 * quantity, and its status agrees with what remains: OPEN has filled nothing, PARTIALLY_FILLED filled some
 * but not all, FILLED filled all, CANCELLED left something unfilled. A trade must also name a BUY order and a
 * SELL order of its own instrument.
 */
final class OrdersConsistentCheck implements IntegrityCheck {

    static final String NAME = "orders-consistent";

    private static final String COMPARED = """
            WITH fills AS (
                SELECT order_id, sum(quantity) AS traded, count(*) AS trades,
                       bool_or(wrong_side) AS wrong_side
                FROM (SELECT t.buy_order_id AS order_id, t.quantity, (o.side <> 'BUY' OR o.symbol <> t.symbol) AS wrong_side
                      FROM trades t JOIN orders o ON o.order_id = t.buy_order_id
                      UNION ALL
                      SELECT t.sell_order_id, t.quantity, (o.side <> 'SELL' OR o.symbol <> t.symbol)
                      FROM trades t JOIN orders o ON o.order_id = t.sell_order_id) legs
                GROUP BY order_id
            ), compared AS (
                SELECT o.order_id, o.status, o.quantity, o.filled, coalesce(f.traded, 0) AS traded, coalesce(f.trades, 0) AS trades,
                       CASE WHEN coalesce(f.wrong_side, false) THEN 'TRADE_ON_WRONG_SIDE_OR_INSTRUMENT'
                            WHEN o.filled > o.quantity THEN 'OVERFILLED'
                            WHEN o.filled <> coalesce(f.traded, 0) THEN 'FILLED_DIFFERS_FROM_TRADES'
                            WHEN (o.status = 'OPEN' AND o.filled <> 0)
                              OR (o.status = 'PARTIALLY_FILLED' AND NOT (o.filled > 0 AND o.filled < o.quantity))
                              OR (o.status = 'FILLED' AND o.filled <> o.quantity)
                              OR (o.status = 'CANCELLED' AND o.filled >= o.quantity) THEN 'STATUS_DISAGREES'
                       END AS kind
                FROM orders o LEFT JOIN fills f ON f.order_id = o.order_id
            )
            """;

    private static final String COUNTS = COMPARED + """
            SELECT count(*) AS orders, count(kind) AS offending FROM compared
            """;

    private static final String FIRST_OFFENDERS = COMPARED + """
            SELECT order_id, status, quantity, filled, traded, trades, kind
            FROM compared
            WHERE kind IS NOT NULL
            ORDER BY order_id
            LIMIT ?
            """;

    private final int sampleLimit;

    OrdersConsistentCheck(int sampleLimit) {
        this.sampleLimit = sampleLimit;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        Map<String, Object> evidence = Sql.one(connection, COUNTS, row -> Evidence.of(
                "examined", row.getLong("orders"), "offending", row.getLong("offending")));
        long examined = (long) evidence.get("examined");
        if (examined == 0) {
            return TradingChecks.nothingExamined(NAME, "the orders table is empty", evidence);
        }
        long offending = (long) evidence.get("offending");
        if (offending == 0) {
            return CheckResult.passed(NAME, "Examined " + examined + " orders: each one's fills equal its trades and its status agrees",
                    evidence);
        }
        List<Map<String, Object>> offenders = Sql.list(connection, FIRST_OFFENDERS, row -> Evidence.of(
                "orderId", row.getLong("order_id"), "kind", row.getString("kind"), "status", row.getString("status"),
                "quantity", Sql.amount(row, "quantity"), "filled", Sql.amount(row, "filled"), "traded", Sql.amount(row, "traded"),
                "trades", row.getLong("trades")), sampleLimit);
        evidence.put("firstOffenders", offenders);
        Map<String, Object> first = offenders.getFirst();
        return CheckResult.failed(NAME, offending + " of " + examined + " orders are inconsistent; first order " + first.get("orderId")
                + " " + first.get("kind") + " (" + first.get("status") + ", filled " + first.get("filled") + " of "
                + first.get("quantity") + ", trades sum to " + first.get("traded") + ")", evidence);
    }
}
