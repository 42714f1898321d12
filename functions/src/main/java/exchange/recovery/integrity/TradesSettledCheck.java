package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code trades-settled}: every trade has its ledger legs, the entries that carry its {@code trade_id}, and
 * they balance. For quantity q at price p, with the buyer's fee f_b in the base asset and the seller's fee
 * f_s in the quote asset: the seller gives q base, the buyer receives q − f_b; the buyer gives p × q quote,
 * the seller receives p × q − f_s; the fee account receives f_b and f_s (a zero fee needs no leg); and each
 * asset's legs of the trade sum to zero, so no leg goes anywhere else.
 */
final class TradesSettledCheck implements IntegrityCheck {

    static final String NAME = "trades-settled";

    private static final String COMPARED = """
            WITH fee_account AS (
                SELECT min(account_id) AS account_id FROM accounts WHERE kind = 'FEES'
            ), legs AS (
                SELECT t.trade_id,
                       count(l.entry_id) AS legs,
                       coalesce(sum(l.amount) FILTER (WHERE l.asset_code = i.base_asset AND l.account_id = b.account_id AND l.amount > 0), 0) AS buyer_base,
                       coalesce(sum(l.amount) FILTER (WHERE l.asset_code = i.base_asset AND l.account_id = s.account_id AND l.amount < 0), 0) AS seller_base,
                       coalesce(sum(l.amount) FILTER (WHERE l.asset_code = i.quote_asset AND l.account_id = b.account_id AND l.amount < 0), 0) AS buyer_quote,
                       coalesce(sum(l.amount) FILTER (WHERE l.asset_code = i.quote_asset AND l.account_id = s.account_id AND l.amount > 0), 0) AS seller_quote,
                       coalesce(sum(l.amount) FILTER (WHERE l.asset_code = i.base_asset AND l.account_id = fa.account_id), 0) AS fee_base,
                       coalesce(sum(l.amount) FILTER (WHERE l.asset_code = i.quote_asset AND l.account_id = fa.account_id), 0) AS fee_quote,
                       coalesce(sum(l.amount) FILTER (WHERE l.asset_code = i.base_asset), 0) AS base_sum,
                       coalesce(sum(l.amount) FILTER (WHERE l.asset_code = i.quote_asset), 0) AS quote_sum,
                       count(l.entry_id) FILTER (WHERE l.asset_code NOT IN (i.base_asset, i.quote_asset)) AS foreign_legs,
                       t.quantity, t.price * t.quantity AS notional, t.buyer_fee, t.seller_fee
                FROM trades t
                JOIN instruments i ON i.symbol = t.symbol
                JOIN orders b ON b.order_id = t.buy_order_id
                JOIN orders s ON s.order_id = t.sell_order_id
                CROSS JOIN fee_account fa
                LEFT JOIN ledger_entries l ON l.trade_id = t.trade_id
                GROUP BY t.trade_id, t.quantity, t.price, t.buyer_fee, t.seller_fee
            ), compared AS (
                SELECT trade_id, legs, quantity, notional, buyer_fee, seller_fee, buyer_base, seller_base, buyer_quote, seller_quote,
                       fee_base, fee_quote, base_sum, quote_sum,
                       CASE WHEN legs = 0 THEN 'NO_LEDGER_LEGS'
                            WHEN base_sum <> 0 OR quote_sum <> 0 OR foreign_legs > 0 THEN 'LEGS_DO_NOT_BALANCE'
                            WHEN seller_base <> -quantity OR buyer_base <> quantity - buyer_fee THEN 'BASE_LEG_MISSING_OR_WRONG'
                            WHEN buyer_quote <> -notional OR seller_quote <> notional - seller_fee THEN 'QUOTE_LEG_MISSING_OR_WRONG'
                            WHEN fee_base <> buyer_fee OR fee_quote <> seller_fee THEN 'FEE_LEG_MISSING_OR_WRONG'
                       END AS kind
                FROM legs
            )
            """;

    private static final String COUNTS = COMPARED + """
            SELECT count(*) AS trades, coalesce(sum(legs), 0)::bigint AS legs, count(kind) AS offending FROM compared
            """;

    private static final String FIRST_OFFENDERS = COMPARED + """
            SELECT trade_id, kind, legs, quantity, notional, base_sum, quote_sum
            FROM compared
            WHERE kind IS NOT NULL
            ORDER BY trade_id
            LIMIT ?
            """;

    private final int sampleLimit;

    TradesSettledCheck(int sampleLimit) {
        this.sampleLimit = sampleLimit;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        Map<String, Object> evidence = Sql.one(connection, COUNTS, row -> Evidence.of(
                "examined", row.getLong("trades"), "legs", row.getLong("legs"), "offending", row.getLong("offending")));
        long examined = (long) evidence.get("examined");
        if (examined == 0) {
            return TradingChecks.nothingExamined(NAME, "the trades table is empty", evidence);
        }
        long offending = (long) evidence.get("offending");
        if (offending == 0) {
            return CheckResult.passed(NAME, "Examined " + examined + " trades and their " + evidence.get("legs")
                    + " ledger legs: every trade is settled and balances", evidence);
        }
        List<Map<String, Object>> offenders = Sql.list(connection, FIRST_OFFENDERS, row -> Evidence.of(
                "tradeId", row.getLong("trade_id"), "kind", row.getString("kind"), "legs", row.getLong("legs"),
                "quantity", Sql.amount(row, "quantity"), "notional", Sql.amount(row, "notional"),
                "baseSum", Sql.amount(row, "base_sum"), "quoteSum", Sql.amount(row, "quote_sum")), sampleLimit);
        evidence.put("firstOffenders", offenders);
        Map<String, Object> first = offenders.getFirst();
        return CheckResult.failed(NAME, offending + " of " + examined + " trades are not settled; first trade " + first.get("tradeId")
                + " " + first.get("kind"), evidence);
    }
}
