package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code reservations-match-open-orders}: each account's locked amount per asset equals what its open orders
 * reserve — price × remaining quantity of its bids in the quote asset, the remaining quantity of its asks in
 * the base asset. Funds locked for orders that no longer exist, or orders resting on funds never locked, both
 * offend; a missing side counts as zero.
 */
final class ReservationsMatchOpenOrdersCheck implements IntegrityCheck {

    static final String NAME = "reservations-match-open-orders";

    private static final String COMPARED = """
            WITH reserved AS (
                SELECT o.account_id,
                       CASE WHEN o.side = 'BUY' THEN i.quote_asset ELSE i.base_asset END AS asset_code,
                       sum(CASE WHEN o.side = 'BUY' THEN o.price * (o.quantity - o.filled) ELSE o.quantity - o.filled END) AS reserved,
                       count(*) AS orders
                FROM orders o JOIN instruments i ON i.symbol = o.symbol
                WHERE o.%s
                GROUP BY 1, 2
            ), compared AS (
                SELECT coalesce(b.account_id, r.account_id) AS account_id,
                       coalesce(b.asset_code, r.asset_code) AS asset_code,
                       coalesce(b.locked, 0) AS locked, coalesce(r.reserved, 0) AS reserved, coalesce(r.orders, 0) AS orders
                FROM (SELECT account_id, asset_code, locked FROM balances WHERE locked <> 0) b
                FULL JOIN reserved r ON r.account_id = b.account_id AND r.asset_code = b.asset_code
            )
            """.formatted(TradingChecks.OPEN);

    private static final String COUNTS = COMPARED + """
            SELECT count(*) AS pairs, coalesce(sum(orders), 0)::bigint AS open_orders,
                   count(*) FILTER (WHERE locked <> reserved) AS offending
            FROM compared
            """;

    private static final String FIRST_OFFENDERS = COMPARED + """
            SELECT account_id, asset_code, locked, reserved, orders, locked - reserved AS difference
            FROM compared
            WHERE locked <> reserved
            ORDER BY account_id, asset_code
            LIMIT ?
            """;

    private final int sampleLimit;

    ReservationsMatchOpenOrdersCheck(int sampleLimit) {
        this.sampleLimit = sampleLimit;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        Map<String, Object> evidence = Sql.one(connection, COUNTS, row -> Evidence.of(
                "examined", row.getLong("pairs"), "openOrders", row.getLong("open_orders"), "offending", row.getLong("offending")));
        long examined = (long) evidence.get("examined");
        if (examined == 0) {
            return TradingChecks.nothingExamined(NAME, "no locked balance and no open order", evidence);
        }
        long offending = (long) evidence.get("offending");
        if (offending == 0) {
            return CheckResult.passed(NAME, "Examined " + examined + " locked (account, asset) pairs and " + evidence.get("openOrders")
                    + " open orders: every lock equals what the open orders reserve", evidence);
        }
        List<Map<String, Object>> offenders = Sql.list(connection, FIRST_OFFENDERS, row -> Evidence.of(
                "accountId", row.getLong("account_id"), "asset", row.getString("asset_code"), "locked", Sql.amount(row, "locked"),
                "reserved", Sql.amount(row, "reserved"), "openOrders", row.getLong("orders"), "difference", Sql.amount(row, "difference")),
                sampleLimit);
        evidence.put("firstOffenders", offenders);
        Map<String, Object> first = offenders.getFirst();
        return CheckResult.failed(NAME, offending + " of " + examined + " (account, asset) pairs lock other than their open orders reserve;"
                + " first account " + first.get("accountId") + " " + first.get("asset") + " locks " + first.get("locked")
                + ", open orders reserve " + first.get("reserved"), evidence);
    }
}
