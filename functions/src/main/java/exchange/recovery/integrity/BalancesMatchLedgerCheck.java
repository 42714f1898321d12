package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code balances-match-ledger}: for every account and asset, available + locked equals the sum of the
 * ledger entries. A balance row without ledger entries, and ledger entries without a balance row, count as
 * zero on the missing side, so they offend exactly when the other side is not zero.
 */
final class BalancesMatchLedgerCheck implements IntegrityCheck {

    static final String NAME = "balances-match-ledger";

    static final String AMOUNT_DIFFERS = "AMOUNT_DIFFERS";
    static final String NO_LEDGER_ENTRIES = "NO_LEDGER_ENTRIES";
    static final String NO_BALANCE_ROW = "NO_BALANCE_ROW";

    private static final String COMPARED = """
            WITH ledger AS (
                SELECT account_id, asset_code, sum(amount) AS ledger_sum
                FROM ledger_entries
                GROUP BY account_id, asset_code
            ), compared AS (
                SELECT coalesce(b.account_id, l.account_id) AS account_id,
                       coalesce(b.asset_code, l.asset_code) AS asset_code,
                       b.available, b.locked, l.ledger_sum,
                       CASE WHEN b.account_id IS NULL THEN 'NO_BALANCE_ROW'
                            WHEN l.account_id IS NULL THEN 'NO_LEDGER_ENTRIES'
                            ELSE 'AMOUNT_DIFFERS' END AS kind,
                       coalesce(b.available + b.locked, 0) - coalesce(l.ledger_sum, 0) AS difference
                FROM balances b
                FULL JOIN ledger l ON l.account_id = b.account_id AND l.asset_code = b.asset_code
            )
            """;

    private static final String COUNTS = COMPARED + """
            SELECT count(*) AS pairs,
                   count(*) FILTER (WHERE difference <> 0) AS offending,
                   count(*) FILTER (WHERE difference <> 0 AND kind = 'AMOUNT_DIFFERS') AS amount_differs,
                   count(*) FILTER (WHERE difference <> 0 AND kind = 'NO_LEDGER_ENTRIES') AS no_ledger_entries,
                   count(*) FILTER (WHERE difference <> 0 AND kind = 'NO_BALANCE_ROW') AS no_balance_row
            FROM compared
            """;

    private static final String FIRST_OFFENDERS = COMPARED + """
            SELECT account_id, asset_code, kind, available, locked, available + locked AS balance, ledger_sum, difference
            FROM compared
            WHERE difference <> 0
            ORDER BY account_id, asset_code
            LIMIT ?
            """;

    private final int sampleLimit;

    BalancesMatchLedgerCheck(int sampleLimit) {
        this.sampleLimit = sampleLimit;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        Map<String, Object> evidence = Sql.one(connection, COUNTS, row -> Evidence.of(
                "pairs", row.getLong("pairs"),
                "offending", row.getLong("offending"),
                "byKind", Evidence.of(
                        AMOUNT_DIFFERS, row.getLong("amount_differs"),
                        NO_LEDGER_ENTRIES, row.getLong("no_ledger_entries"),
                        NO_BALANCE_ROW, row.getLong("no_balance_row"))));
        long pairs = (long) evidence.get("pairs");
        long offending = (long) evidence.get("offending");
        if (offending == 0) {
            return CheckResult.passed(NAME, "Balances equal ledger sums for all " + pairs + " account/asset pairs", evidence);
        }
        List<Map<String, Object>> offenders = Sql.list(connection, FIRST_OFFENDERS, row -> Evidence.of(
                "accountId", row.getLong("account_id"),
                "asset", row.getString("asset_code"),
                "kind", row.getString("kind"),
                "available", Sql.amount(row, "available"),
                "locked", Sql.amount(row, "locked"),
                "balance", Sql.amount(row, "balance"),
                "ledgerSum", Sql.amount(row, "ledger_sum"),
                "difference", Sql.amount(row, "difference")), sampleLimit);
        evidence.put("firstOffenders", offenders);
        Map<String, Object> first = offenders.getFirst();
        return CheckResult.failed(NAME, offending + " of " + pairs + " account/asset pairs differ from the ledger, first: account "
                + first.get("accountId") + " " + first.get("asset") + " balance " + Objects.toString(first.get("balance"), "none")
                + " vs ledger " + Objects.toString(first.get("ledgerSum"), "none") + " (" + first.get("kind") + ")", evidence);
    }
}
