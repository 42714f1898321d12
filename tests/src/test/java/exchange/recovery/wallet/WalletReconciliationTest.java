package exchange.recovery.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.SampleExchange;
import exchange.recovery.wallet.ReconciliationReport.AssetFigures;

/**
 * Wallet reconciliation against real PostgreSQL holding the sample exchange: passes on consistent
 * data, and names the asset or the accounts when the chain, a balance or the ledger disagrees.
 * A test that edits the data undoes its edit before it ends.
 */
class WalletReconciliationTest {

    private static final Map<String, String> ADDRESSES = Map.of("BTC", "bc1q-hot", "ETH", "0xhot", "USDT", "0xhot-usdt");
    private static LocalPostgres postgres;
    private static Map<String, BigDecimal> owed;

    private final Map<String, Map<String, BigDecimal>> chain = new HashMap<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = LocalPostgres.start();
        try (Connection connection = postgres.connect()) {
            SampleExchange.load(connection, 500);
        }
        owed = new HashMap<>();
        for (String asset : ADDRESSES.keySet()) {
            owed.put(asset, scalar("SELECT -sum(amount) FROM ledger_entries WHERE account_id = 1 AND asset_code = '" + asset + "'"));
        }
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @BeforeEach
    void chainHoldsWhatTheHotWalletOwes() {
        ADDRESSES.forEach((asset, address) -> chain.put(asset, new HashMap<>(Map.of(address, owed.get(asset)))));
    }

    @Test
    void reconcile_passesOnConsistentData() {
        ReconciliationReport report = reconciliation(Map.of()).reconcile();

        assertThat(report.passed()).as(report.problems().toString()).isTrue();
        assertThat(report.assets()).extracting(AssetFigures::asset).containsExactly("BTC", "ETH", "USDT");
        AssetFigures btc = report.assets().get(0);
        assertThat(new BigDecimal(btc.ledgerLiabilities())).isEqualByComparingTo(new BigDecimal(btc.walletBalances()));
        assertThat(new BigDecimal(btc.onChain())).isEqualByComparingTo(owed.get("BTC"));
        assertThat(btc.ledgerNet()).isEqualTo("0");
        assertThat(report.mismatchedAccounts()).isZero();
        assertThat(report.offenders()).isEmpty();
        assertThat(report.provider()).isEqualTo("static");
    }

    @Test
    void reconcile_failsWhenTheChainDiffersBeyondTheTolerance() {
        chain.get("BTC").put("bc1q-hot", owed.get("BTC").subtract(new BigDecimal("0.001")));

        ReconciliationReport report = reconciliation(Map.of("BTC", new BigDecimal("0.0001"))).reconcile();

        assertThat(report.passed()).isFalse();
        AssetFigures btc = report.assets().get(0);
        assertThat(btc.passed()).isFalse();
        assertThat(btc.onChainDifference()).isEqualTo("-0.001");
        assertThat(report.assets()).filteredOn(AssetFigures::passed).extracting(AssetFigures::asset).containsExactly("ETH", "USDT");
        assertThat(report.problems()).singleElement().asString().contains("BTC", "on-chain");
    }

    @Test
    void reconcile_passesWhenTheChainDiffersWithinTheTolerance() {
        chain.get("BTC").put("bc1q-hot", owed.get("BTC").subtract(new BigDecimal("0.00005")));

        ReconciliationReport report = reconciliation(Map.of("BTC", new BigDecimal("0.0001"))).reconcile();

        assertThat(report.passed()).as(report.problems().toString()).isTrue();
    }

    @Test
    void reconcile_listsAnAccountWhoseBalanceWasEdited() throws Exception {
        execute("UPDATE balances SET available = available + 0.25 WHERE account_id = 1042 AND asset_code = 'ETH'");
        try {
            ReconciliationReport report = reconciliation(Map.of()).reconcile();

            assertThat(report.passed()).isFalse();
            assertThat(report.mismatchedAccounts()).isEqualTo(1);
            assertThat(report.offenders()).singleElement().satisfies(offender -> {
                assertThat(offender.accountId()).isEqualTo(1042);
                assertThat(offender.asset()).isEqualTo("ETH");
                assertThat(offender.difference()).isEqualTo("0.25");
            });
            assertThat(report.problems()).anySatisfy(problem -> assertThat(problem).contains("ETH", "wallet balances differ"));
        } finally {
            execute("UPDATE balances SET available = available - 0.25 WHERE account_id = 1042 AND asset_code = 'ETH'");
        }
    }

    @Test
    void reconcile_listsABalanceThatHasNoLedgerEntries() throws Exception {
        execute("INSERT INTO balances (account_id, asset_code, available, locked) VALUES (2, 'USDT', 7, 0)");
        try {
            ReconciliationReport report = reconciliation(Map.of()).reconcile();

            assertThat(report.passed()).isFalse();
            assertThat(report.offenders()).singleElement().satisfies(offender -> {
                assertThat(offender.accountId()).isEqualTo(2);
                assertThat(offender.ledger()).isEqualTo("0");
                assertThat(offender.wallet()).isEqualTo("7");
            });
        } finally {
            execute("DELETE FROM balances WHERE account_id = 2 AND asset_code = 'USDT'");
        }
    }

    @Test
    void reconcile_failsWhenTheLedgerDoesNotNetToZero() throws Exception {
        execute("INSERT INTO ledger_entries (tx_id, account_id, asset_code, amount) VALUES (999999999, 1, 'USDT', -3)");
        try {
            ReconciliationReport report = reconciliation(Map.of()).reconcile();

            assertThat(report.passed()).isFalse();
            assertThat(report.problems()).anySatisfy(problem -> assertThat(problem).contains("USDT", "does not net to zero"));
            assertThat(report.offenders()).extracting(ReconciliationReport.AccountMismatch::accountId).containsExactly(1L);
        } finally {
            execute("DELETE FROM ledger_entries WHERE tx_id = 999999999");
        }
    }

    @Test
    void reconcile_limitsTheOffendersListedButCountsThemAll() throws Exception {
        execute("UPDATE balances SET available = available + 0.25 WHERE account_id BETWEEN 1042 AND 1046 AND asset_code = 'ETH'");
        try {
            ReconciliationReport report = new WalletReconciliation(database(), new StaticBlockchainProvider(chain),
                    new ReconciliationSettings(ADDRESSES, Map.of(), 3), Clock.systemUTC()).reconcile();

            assertThat(report.mismatchedAccounts()).isEqualTo(5);
            assertThat(report.offenders()).hasSize(3);
        } finally {
            execute("UPDATE balances SET available = available - 0.25 WHERE account_id BETWEEN 1042 AND 1046 AND asset_code = 'ETH'");
        }
    }

    @Test
    void reconcile_withoutAHotWalletAddress_doesNotPass() {
        ReconciliationReport report = new WalletReconciliation(database(), new StaticBlockchainProvider(chain),
                new ReconciliationSettings(Map.of("BTC", "bc1q-hot", "ETH", "0xhot"), Map.of(), 20), Clock.systemUTC()).reconcile();

        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).contains("USDT: no hot-wallet address configured");
    }

    @Test
    void reconcile_withAnUnreachableDatabase_isATransientFailure() {
        WalletReconciliation unreachable = new WalletReconciliation(
                ConnectionSource.of("jdbc:postgresql://127.0.0.1:1/exchange", "postgres", ""),
                new StaticBlockchainProvider(chain), new ReconciliationSettings(ADDRESSES, Map.of(), 20), Clock.systemUTC());

        assertThatThrownBy(unreachable::reconcile).isInstanceOf(exchange.recovery.core.TransientFailure.class);
    }

    private WalletReconciliation reconciliation(Map<String, BigDecimal> tolerances) {
        return new WalletReconciliation(database(), new StaticBlockchainProvider(chain),
                new ReconciliationSettings(ADDRESSES, tolerances, 20), Clock.systemUTC());
    }

    private static ConnectionSource database() {
        return ConnectionSource.of(postgres.jdbcUrl(), postgres.user(), "");
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static BigDecimal scalar(String sql) throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getBigDecimal(1);
        }
    }
}
