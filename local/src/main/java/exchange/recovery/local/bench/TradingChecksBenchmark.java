package exchange.recovery.local.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import exchange.recovery.db.CredentialSource;
import exchange.recovery.db.DatabaseCredentials;
import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.db.JdbcEndpoint;
import exchange.recovery.integrity.GateReport;
import exchange.recovery.integrity.IntegrityCheckRequest;
import exchange.recovery.integrity.IntegrityChecks;
import exchange.recovery.integrity.IntegrityGate;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.SampleExchange;

/**
 * Times the trading-correctness checks (the trading-API gate: book-not-crossed, reservations-match-open-orders,
 * orders-consistent, trades-settled, journal-replays, in one snapshot) against one SQL aggregate statement that
 * reads each of the same tables once, in the same run, on a throw-away PostgreSQL. Default size: the
 * reconciliation benchmark's, 1 million customers and 10 million ledger rows; the sample exchange rests one
 * order for every fifth customer (200,000 at that size) and trades once per hundred accounts (10,000 trades,
 * 40,000 trade legs, 230,000 journal events). Not a test: it prints figures (run
 * {@code scripts/bench-trading-checks}).
 */
public final class TradingChecksBenchmark {

    static final String BASELINE = """
            SELECT (SELECT count(*) FILTER (WHERE status IN ('OPEN', 'PARTIALLY_FILLED')) FROM orders),
                   (SELECT sum(locked) FROM balances),
                   (SELECT sum(quantity) FROM trades),
                   (SELECT sum(amount) FROM ledger_entries),
                   (SELECT count(*) FROM engine_journal)
            """;

    private TradingChecksBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int customers = (int) Timings.longArg(args, "--customers", 1_000_000);
        long ledgerRows = Timings.longArg(args, "--ledger-rows", 10_000_000L);
        int rounds = (int) Timings.longArg(args, "--rounds", 3);
        System.out.printf(Locale.ROOT, "Trading checks benchmark: %,d customers, %,d ledger rows, %d rounds, JVM max heap %d MiB%n",
                customers, ledgerRows, rounds, Runtime.getRuntime().maxMemory() >> 20);
        try (LocalPostgres postgres = LocalPostgres.start()) {
            long loadStart = System.nanoTime();
            try (Connection connection = postgres.connect()) {
                SampleExchange.load(connection, customers);
                long extra = ledgerRows - count(connection, "ledger_entries");
                if (extra > 1) {
                    BenchData.addTransfers(connection, customers, extra / 2, 200000000L);
                }
                System.out.printf(Locale.ROOT, "Loaded %,d accounts, %,d ledger rows, %,d orders (%,d open), %,d trades, %,d journal events in %s%n",
                        count(connection, "accounts"), count(connection, "ledger_entries"), count(connection, "orders"),
                        scalar(connection, "SELECT count(*) FROM orders WHERE status = 'OPEN'"), count(connection, "trades"),
                        count(connection, "engine_journal"), Timings.seconds(System.nanoTime() - loadStart));
            }
            ExchangeDatabase database = new ExchangeDatabase(JdbcEndpoint.parse(postgres.jdbcUrl()),
                    CredentialSource.fixed(new DatabaseCredentials(postgres.user(), "")), ExchangeDatabase.Options.defaults());
            IntegrityGate gate = new IntegrityGate(database, IntegrityChecks.standard(), Duration.ofHours(1), Clock.systemUTC());
            IntegrityCheckRequest trading = new IntegrityCheckRequest("BENCH", "trading-api", "primary",
                    IntegrityGate.TRADING_CORRECTNESS, false);

            GateReport warm = gate.run(trading);
            time(() -> query(postgres, BASELINE));
            if (!warm.passed()) {
                throw new IllegalStateException("The generated data fails the trading checks: " + warm.failedChecks());
            }

            List<Long> ours = new ArrayList<>();
            List<Long> baseline = new ArrayList<>();
            Map<String, List<Long>> perCheck = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                ours.add(time(() -> gate.run(trading)));
                baseline.add(time(() -> query(postgres, BASELINE)));
                for (String check : IntegrityGate.TRADING_CORRECTNESS) {
                    perCheck.computeIfAbsent(check, name -> new ArrayList<>()).add(time(() -> gate.run(
                            new IntegrityCheckRequest("BENCH", "trading-api", "primary", List.of(check), false))));
                }
            }
            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM ledger_entries WHERE trade_id % 100 = 7");
                statement.executeUpdate("UPDATE orders SET status = 'CANCELLED' WHERE status = 'OPEN' AND account_id % 1000 = 10");
            }
            GateReport[] failed = new GateReport[1];
            long withOffenders = time(() -> failed[0] = gate.run(trading));

            long oursMedian = Timings.median(ours);
            long baselineMedian = Timings.median(baseline);
            System.out.println();
            System.out.printf(Locale.ROOT, "Trading checks, one snapshot (ours, clean data): %s  (runs: %s)%n", Timings.seconds(oursMedian), Timings.all(ours));
            System.out.printf(Locale.ROOT, "Single SQL aggregate over the same tables:       %s  (runs: %s)%n", Timings.seconds(baselineMedian), Timings.all(baseline));
            System.out.printf(Locale.ROOT, "Ratio ours / baseline:                           %.2fx%n", (double) oursMedian / baselineMedian);
            perCheck.forEach((check, runs) -> System.out.printf(Locale.ROOT, "  %-32s %s%n", check, Timings.seconds(Timings.median(runs))));
            System.out.printf(Locale.ROOT, "Run with offenders (failed %s): %s%n", failed[0].failedChecks(), Timings.seconds(withOffenders));
        }
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

    private static long count(Connection connection, String table) throws SQLException {
        return scalar(connection, "SELECT count(*) FROM " + table);
    }

    private static long scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

}
