package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ledger-balanced}: double entry holds, so each asset's ledger entries sum to exactly zero. When an
 * asset does not, the transactions whose own entries do not sum to zero show where.
 */
final class LedgerBalancedCheck implements IntegrityCheck {

    static final String NAME = "ledger-balanced";

    private static final String SUMS_BY_ASSET = """
            SELECT asset_code, sum(amount) AS total, count(*) AS entries
            FROM ledger_entries
            GROUP BY asset_code
            ORDER BY asset_code
            """;

    private static final String UNBALANCED_TRANSACTIONS = """
            SELECT tx_id, asset_code, total, count(*) OVER () AS unbalanced
            FROM (SELECT tx_id, asset_code, sum(amount) AS total
                  FROM ledger_entries
                  GROUP BY tx_id, asset_code
                  HAVING sum(amount) <> 0) t
            ORDER BY tx_id, asset_code
            LIMIT ?
            """;

    private final int sampleLimit;

    LedgerBalancedCheck(int sampleLimit) {
        this.sampleLimit = sampleLimit;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(Connection connection) throws SQLException {
        List<AssetSum> sums = Sql.list(connection, SUMS_BY_ASSET, row -> new AssetSum(
                row.getString("asset_code"), row.getBigDecimal("total").signum() != 0, Sql.amount(row, "total"), row.getLong("entries")));
        List<AssetSum> unbalanced = sums.stream().filter(AssetSum::unbalanced).toList();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("assets", sums.size());
        evidence.put("entries", sums.stream().mapToLong(AssetSum::entries).sum());
        evidence.put("unbalancedAssets", unbalanced.size());
        if (unbalanced.isEmpty()) {
            return CheckResult.passed(NAME, "The ledger of each of " + sums.size() + " assets sums to zero", evidence);
        }
        evidence.put("nonZeroSums", unbalanced.stream().limit(sampleLimit)
                .map(sum -> Evidence.of("asset", sum.asset(), "sum", sum.total())).toList());
        long[] transactions = {0};
        List<Map<String, Object>> firstTransactions = Sql.list(connection, UNBALANCED_TRANSACTIONS, row -> {
            transactions[0] = row.getLong("unbalanced");
            return Evidence.of("txId", row.getLong("tx_id"), "asset", row.getString("asset_code"), "sum", Sql.amount(row, "total"));
        }, sampleLimit);
        evidence.put("unbalancedTransactions", transactions[0]);
        evidence.put("firstUnbalancedTransactions", firstTransactions);
        String assets = String.join(", ", unbalanced.stream().map(sum -> sum.asset() + " " + sum.total()).toList());
        return CheckResult.failed(NAME, unbalanced.size() + " asset ledger(s) do not sum to zero: " + assets
                + " (" + transactions[0] + " unbalanced transaction(s))", evidence);
    }

    private record AssetSum(String asset, boolean unbalanced, String total, long entries) {
    }
}
