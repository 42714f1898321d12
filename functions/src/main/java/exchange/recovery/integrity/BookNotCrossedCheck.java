package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code book-not-crossed}: on every instrument the best open bid is below the best open ask. A crossed book
 * means orders that should have matched rest side by side (the engine lost trades, or a restore mixed two
 * points in time), and reopening on it would match them at once at stale prices.
 */
final class BookNotCrossedCheck implements IntegrityCheck {

    static final String NAME = "book-not-crossed";

    private static final String BEST = """
            WITH best AS (
                SELECT symbol,
                       max(price) FILTER (WHERE side = 'BUY') AS best_bid,
                       min(price) FILTER (WHERE side = 'SELL') AS best_ask,
                       count(*) AS open_orders
                FROM orders
                WHERE %s
                GROUP BY symbol
            )
            """.formatted(TradingChecks.OPEN);

    private static final String COUNTS = BEST + """
            SELECT count(*) AS instruments, coalesce(sum(open_orders), 0)::bigint AS open_orders,
                   count(*) FILTER (WHERE best_bid >= best_ask) AS crossed
            FROM best
            """;

    private static final String CROSSED = BEST + """
            SELECT symbol, best_bid, best_ask,
                   (SELECT count(*) FROM orders o WHERE o.symbol = best.symbol AND o.%1$s AND o.side = 'BUY' AND o.price >= best.best_ask) AS crossing_bids,
                   (SELECT count(*) FROM orders o WHERE o.symbol = best.symbol AND o.%1$s AND o.side = 'SELL' AND o.price <= best.best_bid) AS crossing_asks
            FROM best
            WHERE best_bid >= best_ask
            ORDER BY symbol
            LIMIT ?
            """.formatted(TradingChecks.OPEN);

    private final int sampleLimit;

    BookNotCrossedCheck(int sampleLimit) {
        this.sampleLimit = sampleLimit;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        Map<String, Object> evidence = Sql.one(connection, COUNTS, row -> Evidence.of(
                "examined", row.getLong("open_orders"), "instruments", row.getLong("instruments"), "crossed", row.getLong("crossed")));
        long examined = (long) evidence.get("examined");
        if (examined == 0) {
            return TradingChecks.nothingExamined(NAME, "no open order on any instrument", evidence);
        }
        if ((long) evidence.get("crossed") == 0) {
            return CheckResult.passed(NAME, "Examined " + examined + " open orders: the book of each of "
                    + evidence.get("instruments") + " instruments is not crossed", evidence);
        }
        List<Map<String, Object>> crossed = Sql.list(connection, CROSSED, row -> Evidence.of(
                "symbol", row.getString("symbol"), "bestBid", Sql.amount(row, "best_bid"), "bestAsk", Sql.amount(row, "best_ask"),
                "crossingBids", row.getLong("crossing_bids"), "crossingAsks", row.getLong("crossing_asks")), sampleLimit);
        evidence.put("firstCrossed", crossed);
        Map<String, Object> first = crossed.getFirst();
        return CheckResult.failed(NAME, "Examined " + examined + " open orders: " + evidence.get("crossed")
                + " instrument(s) crossed, first " + first.get("symbol") + " (best bid " + first.get("bestBid")
                + " >= best ask " + first.get("bestAsk") + ")", evidence);
    }
}
