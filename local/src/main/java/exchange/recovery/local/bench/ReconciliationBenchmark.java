package exchange.recovery.local.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.SampleExchange;
import exchange.recovery.wallet.ReconciliationReport;
import exchange.recovery.wallet.ReconciliationSettings;
import exchange.recovery.wallet.StaticBlockchainProvider;
import exchange.recovery.wallet.ConnectionSource;
import exchange.recovery.wallet.WalletReconciliation;

/**
 * Times the wallet reconciliation against a single SQL aggregate query over the same data, in the same
 * run, on a throw-away PostgreSQL: by default 1 million customer accounts and 10 million ledger rows.
 * Not a test: it prints figures (run {@code scripts/bench-reconciliation}).
 *
 * <p>The baseline is the one statement that any correct reconciliation must at least execute: the
 * ledger grouped per account and asset, joined with the balances, folded per asset. The cheaper
 * per-asset ledger sum is printed too, for scale. Each timing is the median of several alternating
 * runs after a warm-up, so both sides see the same cache.
 */
public final class ReconciliationBenchmark {

    static final String BASELINE = """
            SELECT l.asset_code, sum(l.total), sum(b.available + b.locked),
                   count(*) FILTER (WHERE l.total <> b.available + b.locked)
            FROM (SELECT account_id, asset_code, sum(amount) AS total FROM ledger_entries GROUP BY account_id, asset_code) l
            JOIN balances b ON b.account_id = l.account_id AND b.asset_code = l.asset_code
            GROUP BY l.asset_code
            """;
    static final String LEDGER_SUM = "SELECT asset_code, sum(amount) FROM ledger_entries GROUP BY asset_code";

    private ReconciliationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int customers = (int) Timings.longArg(args, "--customers", 1_000_000);
        long ledgerRows = Timings.longArg(args, "--ledger-rows", 10_000_000L);
        int rounds = (int) Timings.longArg(args, "--rounds", 3);
        System.out.printf(Locale.ROOT, "Reconciliation benchmark: %,d customers, %,d ledger rows, %d rounds, JVM max heap %d MiB%n",
                customers, ledgerRows, rounds, Runtime.getRuntime().maxMemory() >> 20);
        try (LocalPostgres postgres = LocalPostgres.start()) {
            long loadStart = System.nanoTime();
            try (Connection connection = postgres.connect()) {
                SampleExchange.load(connection, customers);
                long extra = ledgerRows - rowCount(connection);
                if (extra > 1) {
                    BenchData.addTransfers(connection, customers, extra / 2, 100000000L);
                }
                System.out.printf(Locale.ROOT, "Loaded %,d accounts, %,d ledger rows, %,d balances in %s%n",
                        count(connection, "accounts"), rowCount(connection), count(connection, "balances"),
                        Timings.seconds(System.nanoTime() - loadStart));
            }
            Map<String, Map<String, BigDecimal>> chain = chainBalances(postgres);
            WalletReconciliation reconciliation = new WalletReconciliation(
                    ConnectionSource.of(postgres.jdbcUrl(), postgres.user(), ""),
                    new StaticBlockchainProvider(chain),
                    new ReconciliationSettings(Map.of("BTC", "bc1q-hot", "ETH", "0xhot", "USDT", "0xhot-usdt"), Map.of(), 20),
                    Clock.systemUTC());

            // Warm-up: both sides once, so that neither pays for a cold cache.
            ReconciliationReport warm = reconciliation.reconcile();
            time(() -> query(postgres, BASELINE));
            if (!warm.passed()) {
                throw new IllegalStateException("The generated data does not reconcile: " + warm.problems());
            }

            List<Long> ours = new ArrayList<>();
            List<Long> baseline = new ArrayList<>();
            List<Long> ledgerSum = new ArrayList<>();
            resetPeakHeap();
            long heapBefore = usedHeap();
            for (int round = 0; round < rounds; round++) {
                ours.add(time(reconciliation::reconcile));
                baseline.add(time(() -> query(postgres, BASELINE)));
                ledgerSum.add(time(() -> query(postgres, LEDGER_SUM)));
            }
            long peakHeap = peakHeap();

            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE balances SET available = available + 0.01 WHERE account_id % 1000 = 7 AND asset_code = 'USDT'");
            }
            ReconciliationReport[] failed = new ReconciliationReport[1];
            long withOffenders = time(() -> failed[0] = reconciliation.reconcile());

            long oursMedian = Timings.median(ours);
            long baselineMedian = Timings.median(baseline);
            System.out.println();
            System.out.printf(Locale.ROOT, "Wallet reconciliation (ours, clean data):   %s  (runs: %s)%n", Timings.seconds(oursMedian), Timings.all(ours));
            System.out.printf(Locale.ROOT, "Single SQL aggregate query (baseline):      %s  (runs: %s)%n", Timings.seconds(baselineMedian), Timings.all(baseline));
            System.out.printf(Locale.ROOT, "Ratio ours / baseline:                      %.2fx  (target <= 1.30x)%n",
                    (double) oursMedian / baselineMedian);
            System.out.printf(Locale.ROOT, "For scale, per-asset ledger sum only:       %s%n", Timings.seconds(Timings.median(ledgerSum)));
            System.out.printf(Locale.ROOT, "Mismatch run (%,d offending accounts, %d listed): %s%n",
                    failed[0].mismatchedAccounts(), failed[0].offenders().size(), Timings.seconds(withOffenders));
            System.out.printf(Locale.ROOT, "Peak heap during the timed runs: %d MiB (heap in use before: %d MiB, max %d MiB)%n",
                    peakHeap >> 20, heapBefore >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static Map<String, Map<String, BigDecimal>> chainBalances(LocalPostgres postgres) throws SQLException {
        Map<String, String> addresses = Map.of("BTC", "bc1q-hot", "ETH", "0xhot", "USDT", "0xhot-usdt");
        Map<String, Map<String, BigDecimal>> chain = new HashMap<>();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT asset_code, -sum(amount) FROM ledger_entries WHERE account_id = 1 GROUP BY 1")) {
            while (rows.next()) {
                chain.put(rows.getString(1), Map.of(addresses.get(rows.getString(1)), rows.getBigDecimal(2)));
            }
        }
        return chain;
    }

    private static Object query(LocalPostgres postgres, String sql) throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            int count = 0;
            while (rows.next()) {
                count++;
            }
            return count;
        }
    }

    private static long time(Callable<?> work) throws Exception {
        long start = System.nanoTime();
        work.call();
        return System.nanoTime() - start;
    }

    private static long rowCount(Connection connection) throws SQLException {
        return count(connection, "ledger_entries");
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void resetPeakHeap() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

}
