package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code no-negative-available}: no account that holds funds (CUSTOMER, FEES) has a negative available
 * amount, and no account at all has a negative locked amount. HOT_WALLET and SETTLEMENT are contra
 * accounts: the other side of deposits, withdrawals and settlements, negative by construction.
 */
final class NoNegativeBalanceCheck implements IntegrityCheck {

    static final String NAME = "no-negative-available";

    private static final String NEGATIVE = """
            SELECT b.account_id, b.asset_code, a.kind, b.available, b.locked, count(*) OVER () AS negative
            FROM balances b
            JOIN accounts a ON a.account_id = b.account_id
            WHERE b.locked < 0 OR (b.available < 0 AND a.kind NOT IN ('HOT_WALLET', 'SETTLEMENT'))
            ORDER BY b.account_id, b.asset_code
            LIMIT ?
            """;

    private final int sampleLimit;

    NoNegativeBalanceCheck(int sampleLimit) {
        this.sampleLimit = sampleLimit;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        long[] negative = {0};
        List<Map<String, Object>> offenders = Sql.list(connection, NEGATIVE, row -> {
            negative[0] = row.getLong("negative");
            return Evidence.of("accountId", row.getLong("account_id"), "asset", row.getString("asset_code"),
                    "kind", row.getString("kind"), "available", Sql.amount(row, "available"), "locked", Sql.amount(row, "locked"));
        }, sampleLimit);
        Map<String, Object> evidence = Evidence.of("negativeBalances", negative[0]);
        if (offenders.isEmpty()) {
            return CheckResult.passed(NAME, "No account holding funds has a negative available or locked amount", evidence);
        }
        evidence.put("firstOffenders", offenders);
        Map<String, Object> first = offenders.getFirst();
        return CheckResult.failed(NAME, negative[0] + " balance(s) negative, first: account " + first.get("accountId")
                + " " + first.get("asset") + " available " + first.get("available") + " locked " + first.get("locked"), evidence);
    }
}
