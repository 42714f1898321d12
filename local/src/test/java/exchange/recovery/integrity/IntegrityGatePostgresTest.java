package exchange.recovery.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.TransientFailure;
import exchange.recovery.db.CredentialSource;
import exchange.recovery.db.DatabaseCredentials;
import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.db.JdbcEndpoint;
import exchange.recovery.local.emulator.FreePorts;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.SampleExchange;

/**
 * The integrity gate against a real PostgreSQL holding the sample exchange: every check passes on the
 * loaded dataset and fails, with the evidence that locates the damage, after one targeted corruption.
 * Each test works on its own copy of the dataset.
 */
class IntegrityGatePostgresTest {

    private static final int CUSTOMERS = 400;
    private static final Instant NOW = Instant.parse("2026-03-01T03:00:00Z");
    private static final AtomicInteger COPIES = new AtomicInteger();

    private static LocalPostgres postgres;

    private String database;

    @BeforeAll
    static void loadSampleExchange() throws SQLException {
        postgres = LocalPostgres.start();
        try (Connection connection = postgres.connect()) {
            SampleExchange.load(connection, CUSTOMERS);
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void copyDataset() {
        database = "gate_" + COPIES.incrementAndGet();
        postgres.createDatabase(database, "exchange");
    }

    @Test
    void gate_passesEveryCheckOnTheLoadedDataset() {
        GateReport report = runGate();

        assertThat(report.passed()).as("gate on a consistent dataset: %s", report).isTrue();
        assertThat(report.failedChecks()).isEmpty();
        assertThat(report.checks()).extracting(CheckResult::name).containsExactly(
                "ledger-balanced", "no-negative-available", "balances-match-ledger", "journal-contiguous", "checkpoint-match",
                "book-not-crossed", "reservations-match-open-orders", "orders-consistent", "trades-settled", "journal-replays");
        assertThat(report.checks()).allSatisfy(check -> assertThat(check.passed()).as(check.summary()).isTrue());
        assertThat(report.database()).isEqualTo("127.0.0.1:" + postgres.port() + "/" + database);
        assertThat(report.snapshot()).matches("\\d+:\\d+:.*");
        assertThat(report.checkedAt()).isEqualTo(NOW);
        assertThat(evidence(report, "ledger-balanced")).containsEntry("assets", 3).containsEntry("unbalancedAssets", 0);
        assertThat(evidence(report, "balances-match-ledger")).containsEntry("pairs", (CUSTOMERS + 1) * 3L).containsEntry("offending", 0L);
        assertThat(evidence(report, "journal-contiguous")).containsEntry("firstSeq", 1L).containsEntry("lastSeq", 92L);
        assertThat(evidence(report, "book-not-crossed")).containsEntry("examined", 80L).containsEntry("crossed", 0L);
        assertThat(evidence(report, "reservations-match-open-orders")).containsEntry("examined", 80L).containsEntry("openOrders", 80L);
        assertThat(evidence(report, "orders-consistent")).containsEntry("examined", 88L).containsEntry("offending", 0L);
        assertThat(evidence(report, "trades-settled")).containsEntry("examined", 4L).containsEntry("legs", 16L);
        assertThat(evidence(report, "journal-replays")).containsEntry("journalEvents", 92L).containsEntry("fromSnapshotSeq", 0L)
                .satisfies(replay -> assertThat(replay.get("replayedDigest")).isEqualTo(replay.get("databaseDigest")));
    }

    @Test
    void balancesMatchLedger_namesTheAccountWhoseBalanceWasChanged() throws SQLException {
        sql("UPDATE balances SET available = available + 1 WHERE account_id = 1042 AND asset_code = 'BTC'");

        GateReport report = runGate();

        assertThat(report.passed()).isFalse();
        assertThat(report.failedChecks()).containsExactly("balances-match-ledger");
        Map<String, Object> evidence = evidence(report, "balances-match-ledger");
        assertThat(evidence).containsEntry("offending", 1L);
        assertThat(offenders(evidence, "firstOffenders")).singleElement().satisfies(offender -> assertThat(offender)
                .containsEntry("accountId", 1042L).containsEntry("asset", "BTC").containsEntry("kind", "AMOUNT_DIFFERS")
                .containsEntry("difference", "1"));
        assertThat(check(report, "balances-match-ledger").summary()).contains("1 of 1203", "account 1042 BTC");
    }

    @Test
    void deletedLedgerEntry_unbalancesItsAssetAndItsTransactionAndBreaksTheCheckpoint() throws SQLException {
        long txId = longValue("DELETE FROM ledger_entries WHERE account_id = 1100 AND asset_code = 'ETH' RETURNING tx_id");

        GateReport report = runGate();

        assertThat(report.failedChecks()).containsExactly("ledger-balanced", "balances-match-ledger", "checkpoint-match");
        Map<String, Object> ledger = evidence(report, "ledger-balanced");
        assertThat(offenders(ledger, "nonZeroSums")).containsExactly(Map.of("asset", "ETH", "sum", "-3.3"));
        assertThat(ledger).containsEntry("unbalancedTransactions", 1L);
        assertThat(offenders(ledger, "firstUnbalancedTransactions")).singleElement()
                .satisfies(tx -> assertThat(tx).containsEntry("txId", txId).containsEntry("sum", "-3.3"));
        assertThat(offenders(evidence(report, "balances-match-ledger"), "firstOffenders")).singleElement()
                .satisfies(offender -> assertThat(offender).containsEntry("accountId", 1100L).containsEntry("asset", "ETH")
                        .containsEntry("kind", "NO_LEDGER_ENTRIES").containsEntry("ledgerSum", null).containsEntry("difference", "3.3"));
        Map<String, Object> ledgerTable = table(evidence(report, "checkpoint-match"), "ledger_entries");
        assertThat(ledgerTable).containsEntry("matches", false);
        assertThat((long) ledgerTable.get("actualRows")).isEqualTo((long) ledgerTable.get("expectedRows") - 1);
    }

    @Test
    void journalContiguous_reportsTheFirstGapAndHowManyAreMissing() throws SQLException {
        sql("INSERT INTO engine_journal (seq, event_type, payload) VALUES (100, 'ORDER_ACCEPTED', '{}'), (102, 'ORDER_ACCEPTED', '{}')");

        GateReport report = runGate();

        assertThat(report.failedChecks()).as("rows after the checkpoint do not fail checkpoint-match")
                .containsExactly("journal-contiguous");
        Map<String, Object> evidence = evidence(report, "journal-contiguous");
        assertThat(evidence).containsEntry("gaps", 2L).containsEntry("missing", 8L)
                .containsEntry("firstGap", Map.of("start", 93L, "end", 99L, "missing", 7L));
        assertThat(offenders(evidence, "firstGaps")).hasSize(2);
        assertThat(check(report, "journal-contiguous").summary()).contains("first gap 93..99");
    }

    @Test
    void journalContiguous_failsWhenTheJournalNoLongerStartsAtOne() throws SQLException {
        sql("DELETE FROM engine_journal WHERE seq = 1");

        GateReport report = runGate("journal-contiguous");

        Map<String, Object> evidence = evidence(report, "journal-contiguous");
        assertThat(report.passed()).isFalse();
        assertThat(evidence).containsEntry("firstSeq", 2L).containsEntry("missing", 1L)
                .containsEntry("firstGap", Map.of("start", 1L, "end", 1L, "missing", 1L));
    }

    @Test
    void journalContiguous_acceptsAJournalStartingWhereTheLatestCheckpointSaysItStarts() throws SQLException {
        sql("DELETE FROM engine_journal WHERE seq <= 2");
        recordCheckpoint();

        GateReport report = runGate("journal-contiguous", "checkpoint-match");

        assertThat(report.passed()).as("%s", report).isTrue();
        assertThat(evidence(report, "journal-contiguous")).containsEntry("expectedStarts", List.of(1L, 3L));
    }

    @Test
    void noNegativeAvailable_listsTheNegativeBalance() throws SQLException {
        sql("UPDATE balances SET available = -5 WHERE account_id = 1003 AND asset_code = 'USDT'");

        GateReport report = runGate("no-negative-available");

        assertThat(report.passed()).isFalse();
        Map<String, Object> evidence = evidence(report, "no-negative-available");
        assertThat(evidence).containsEntry("negativeBalances", 1L);
        assertThat(offenders(evidence, "firstOffenders")).containsExactly(Map.of(
                "accountId", 1003L, "asset", "USDT", "kind", "CUSTOMER", "available", "-5", "locked", "0"));
    }

    @Test
    void noNegativeAvailable_ignoresTheHotWalletWhichMirrorsDepositsByConstruction() {
        assertThat(scalarFromGateDatabase("SELECT count(*) FROM balances WHERE account_id = 1 AND available < 0"))
                .as("the dataset's hot wallet is negative").isEqualTo(3);

        assertThat(runGate("no-negative-available").passed()).isTrue();
    }

    @Test
    void checkpointMatch_detectsAChangedCheckpointedRowThatNoOtherCheckSees() throws SQLException {
        sql("UPDATE orders SET created_at = created_at - interval '1 day' WHERE order_id = 1010");

        GateReport report = runGate();

        assertThat(report.failedChecks()).containsExactly("checkpoint-match");
        Map<String, Object> evidence = evidence(report, "checkpoint-match");
        assertThat(evidence).containsEntry("mismatchedTables", List.of("orders")).containsEntry("missingCheckpoints", List.of());
        Map<String, Object> orders = table(evidence, "orders");
        assertThat(orders.get("actualRows")).isEqualTo(orders.get("expectedRows"));
        assertThat(orders.get("actualChecksum")).isNotEqualTo(orders.get("expectedChecksum"));
        assertThat(check(report, "checkpoint-match").summary()).contains("orders");
    }

    @Test
    void checkpointMatch_ignoresRowsWrittenAndBalancesMovedAfterTheCheckpoint() throws SQLException {
        sql("""
                INSERT INTO ledger_entries (tx_id, account_id, asset_code, amount) VALUES (900001, 1005, 'BTC', 0.5), (900001, 1, 'BTC', -0.5);
                UPDATE balances SET available = available + 0.5 WHERE account_id = 1005 AND asset_code = 'BTC';
                UPDATE balances SET available = available - 0.5 WHERE account_id = 1 AND asset_code = 'BTC';
                UPDATE balances SET available = available - 10, locked = locked + 10 WHERE account_id = 1020 AND asset_code = 'USDT';
                UPDATE orders SET status = 'CANCELLED' WHERE order_id = 1030;
                UPDATE balances SET available = available + 60.03, locked = locked - 60.03 WHERE account_id = 1030 AND asset_code = 'USDT';
                INSERT INTO orders (order_id, account_id, symbol, side, price, quantity, status) VALUES (20000000, 1020, 'BTC-USDT', 'BUY', 10000, 0.001, 'OPEN');
                INSERT INTO engine_journal (seq, event_type, payload) VALUES
                  (93, 'ORDER_ACCEPTED', '{"orderId": 20000000, "accountId": 1020, "symbol": "BTC-USDT", "side": "BUY", "price": 10000, "quantity": 0.001}'),
                  (94, 'ORDER_CANCELLED', '{"orderId": 1030}');
                """);

        GateReport report = runGate();

        assertThat(report.passed()).as("%s", report).isTrue();
    }

    @Test
    void checkpointMatch_failsWhenNoCheckpointWasEverRecorded() throws SQLException {
        sql("DELETE FROM integrity_checkpoints");

        GateReport report = runGate("checkpoint-match");

        assertThat(report.passed()).isFalse();
        assertThat(evidence(report, "checkpoint-match")).containsEntry("missingCheckpoints",
                List.of("ledger_entries", "balances", "orders", "trades", "engine_journal"));
    }

    @Test
    void checkpoint_recordedUnderAnotherSessionTimeZoneStillMatches() throws SQLException {
        try (Connection connection = connectToCopy(); Statement statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE 'Pacific/Chatham'");
            IntegrityCheckpoints.record(connection);
        }

        GateReport report = runGate("checkpoint-match");

        assertThat(report.passed()).as("%s", report).isTrue();
        assertThat(longValue("SELECT count(DISTINCT checksum) FROM integrity_checkpoints WHERE table_name = 'ledger_entries'"))
                .as("both checkpoints of the unchanged ledger have one checksum").isEqualTo(1);
    }

    @Test
    void checkpoint_recordedAgainAfterLegitimateChangesMatchesThem() throws SQLException {
        sql("UPDATE orders SET price = price + 1 WHERE order_id = 1010");
        assertThat(runGate("checkpoint-match").passed()).isFalse();

        recordCheckpoint();

        assertThat(runGate("checkpoint-match").passed()).isTrue();
    }

    @Test
    void gate_readsEveryCheckFromOneSnapshotInAReadOnlyRepeatableReadTransaction() throws SQLException {
        List<String> seen = new ArrayList<>();
        IntegrityCheck corruptBalanceElsewhere = new NamedCheck("corrupt-balance-elsewhere", connection -> {
            seen.add(show(connection, "transaction_isolation"));
            seen.add(show(connection, "transaction_read_only"));
            seen.add(show(connection, "statement_timeout"));
            sql("UPDATE balances SET available = available + 1 WHERE account_id = 1042 AND asset_code = 'BTC'");
        });
        IntegrityChecks checks = new IntegrityChecks(List.of(corruptBalanceElsewhere, new BalancesMatchLedgerCheck(20)));
        IntegrityGate gate = new IntegrityGate(databaseFor(database), checks, Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));

        GateReport sameSnapshot = gate.run(request(null, List.of("corrupt-balance-elsewhere", "balances-match-ledger")));

        assertThat(seen).containsExactly("repeatable read", "on", "30s");
        assertThat(sameSnapshot.passed()).as("the change committed after the snapshot is not seen: %s", sameSnapshot).isTrue();
        assertThat(runGate("balances-match-ledger").passed()).as("a new gate sees the committed change").isFalse();
    }

    @Test
    void gate_reportsACheckThatCannotRunAsFailedAndRunsTheOthers() throws SQLException {
        sql("DROP TABLE engine_journal");

        GateReport report = runGate();

        assertThat(report.failedChecks()).containsExactly("journal-contiguous", "checkpoint-match", "journal-replays");
        assertThat(evidence(report, "journal-contiguous")).extractingByKey("error").asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("sqlState", "42P01");
        assertThat(check(report, "ledger-balanced").passed()).isTrue();
        assertThat(check(report, "balances-match-ledger").passed()).isTrue();
    }

    @Test
    void bookNotCrossed_namesTheInstrumentWhoseBestBidReachesTheBestAsk() throws SQLException {
        sql("UPDATE orders SET price = 61100 WHERE order_id = 1010");

        GateReport report = runGate("book-not-crossed");

        assertThat(report.failedChecks()).containsExactly("book-not-crossed");
        Map<String, Object> evidence = evidence(report, "book-not-crossed");
        assertThat(evidence).containsEntry("examined", 80L).containsEntry("crossed", 1L);
        assertThat(offenders(evidence, "firstCrossed")).singleElement().satisfies(book -> assertThat(book)
                .containsEntry("symbol", "BTC-USDT").containsEntry("bestBid", "61100").containsEntry("bestAsk", "61005")
                .containsEntry("crossingBids", 1L).containsEntry("crossingAsks", 40L));
        assertThat(check(report, "book-not-crossed").summary()).contains("Examined 80", "BTC-USDT");
    }

    @Test
    void reservationsMatchOpenOrders_namesFundsLeftLockedForACancelledOrder() throws SQLException {
        sql("UPDATE orders SET status = 'CANCELLED' WHERE order_id = 1010");

        GateReport report = runGate("reservations-match-open-orders");

        assertThat(report.failedChecks()).containsExactly("reservations-match-open-orders");
        Map<String, Object> evidence = evidence(report, "reservations-match-open-orders");
        assertThat(evidence).containsEntry("examined", 80L).containsEntry("offending", 1L);
        assertThat(offenders(evidence, "firstOffenders")).containsExactly(Map.of("accountId", 1010L, "asset", "USDT",
                "locked", "60.01", "reserved", "0", "openOrders", 0L, "difference", "60.01"));
    }

    @Test
    void ordersConsistent_namesFillsThatDisagreeWithTradesQuantityOrStatus() throws SQLException {
        sql("""
                UPDATE orders SET filled = 0.005 WHERE order_id = 10000002;
                UPDATE orders SET filled = 0.02 WHERE order_id = 10000005;
                UPDATE orders SET status = 'PARTIALLY_FILLED' WHERE order_id = 1020;
                """);

        GateReport report = runGate("orders-consistent");

        Map<String, Object> evidence = evidence(report, "orders-consistent");
        assertThat(report.failedChecks()).containsExactly("orders-consistent");
        assertThat(evidence).containsEntry("examined", 88L).containsEntry("offending", 3L);
        assertThat(offenders(evidence, "firstOffenders")).extracting(order -> order.get("orderId") + " " + order.get("kind"))
                .containsExactly("1020 STATUS_DISAGREES", "10000002 FILLED_DIFFERS_FROM_TRADES", "10000005 OVERFILLED");
    }

    @Test
    void tradesSettled_namesATradeWithoutLedgerLegsAndOneWhoseFeeHasNoLeg() throws SQLException {
        sql("""
                DELETE FROM ledger_entries WHERE trade_id = 2;
                UPDATE trades SET seller_fee = 0.03 WHERE trade_id = 3;
                UPDATE ledger_entries SET amount = 29.97 WHERE trade_id = 3 AND asset_code = 'USDT' AND amount > 0;
                INSERT INTO accounts (account_id, kind) VALUES (2, 'FEES') ON CONFLICT DO NOTHING;
                """);

        GateReport report = runGate("trades-settled");

        Map<String, Object> evidence = evidence(report, "trades-settled");
        assertThat(report.failedChecks()).containsExactly("trades-settled");
        assertThat(evidence).containsEntry("examined", 4L).containsEntry("offending", 2L);
        assertThat(offenders(evidence, "firstOffenders")).extracting(trade -> trade.get("tradeId") + " " + trade.get("kind"))
                .containsExactly("2 NO_LEDGER_LEGS", "3 LEGS_DO_NOT_BALANCE");
        assertThat(check(report, "trades-settled").summary()).contains("2 of 4 trades", "first trade 2 NO_LEDGER_LEGS");
    }

    @Test
    void tradesSettled_acceptsFeesPaidToTheFeeAccount() throws SQLException {
        sql("""
                UPDATE trades SET buyer_fee = 0.00001, seller_fee = 0.03 WHERE trade_id = 3;
                UPDATE ledger_entries SET amount = 0.00999 WHERE trade_id = 3 AND asset_code = 'ETH' AND amount > 0;
                UPDATE ledger_entries SET amount = 29.97 WHERE trade_id = 3 AND asset_code = 'USDT' AND amount > 0;
                INSERT INTO ledger_entries (tx_id, account_id, asset_code, amount, trade_id)
                  VALUES (900000003, 2, 'ETH', 0.00001, 3), (900000003, 2, 'USDT', 0.03, 3);
                """);

        assertThat(runGate("trades-settled").passed()).isTrue();
    }

    @Test
    void tradesSettled_failsOverAnEmptyTradesTableInsteadOfPassingSilently() throws SQLException {
        sql("DELETE FROM trades");

        GateReport report = runGate("trades-settled");

        assertThat(report.passed()).isFalse();
        assertThat(evidence(report, "trades-settled")).containsEntry("examined", 0L);
        assertThat(check(report, "trades-settled").summary()).startsWith("Examined 0 rows");
    }

    @Test
    void journalReplays_namesOrdersWhoseBookDiffersFromTheReplayedJournal() throws SQLException {
        sql("""
                INSERT INTO engine_journal (seq, event_type, payload) VALUES (93, 'ORDER_CANCELLED', '{"orderId": 1010}');
                UPDATE orders SET quantity = 0.002 WHERE order_id = 1015;
                """);

        GateReport report = runGate("journal-replays");

        Map<String, Object> evidence = evidence(report, "journal-replays");
        assertThat(report.failedChecks()).containsExactly("journal-replays");
        assertThat(evidence.get("replayedDigest")).isNotEqualTo(evidence.get("databaseDigest"));
        assertThat(evidence).containsEntry("journalEvents", 93L).containsEntry("differing", 2L);
        List<Map<String, Object>> differing = offenders(evidence, "firstDifferingOrders");
        assertThat(differing).extracting(order -> order.get("orderId") + " " + order.get("kind"))
                .containsExactly("1010 ONLY_IN_DATABASE", "1015 DIFFERS");
        assertThat(differing.get(0)).containsEntry("replayed", null)
                .containsEntry("database", Map.of("side", "BUY", "price", "60010", "remaining", "0.001"));
        assertThat(differing.get(1)).containsEntry("replayed", Map.of("side", "SELL", "price", "61015", "remaining", "0.001"))
                .containsEntry("database", Map.of("side", "SELL", "price", "61015", "remaining", "0.002"));
    }

    @Test
    void journalReplays_startsFromTheLatestEngineSnapshot() throws SQLException {
        sql("""
                INSERT INTO engine_snapshots (snapshot_seq) VALUES (92);
                INSERT INTO engine_snapshot_orders (snapshot_seq, order_id, symbol, side, price, remaining)
                  SELECT 92, order_id, symbol, side, price, quantity - filled FROM orders WHERE status = 'OPEN';
                DELETE FROM engine_journal;
                INSERT INTO engine_journal (seq, event_type, payload) VALUES (93, 'ORDER_CANCELLED', '{"orderId": 1010}');
                """);
        assertThat(runGate("journal-replays").failedChecks()).as("order 1010 is still open in the database").containsExactly("journal-replays");

        sql("UPDATE orders SET status = 'CANCELLED' WHERE order_id = 1010");

        GateReport report = runGate("journal-replays");
        assertThat(report.passed()).as("%s", report).isTrue();
        assertThat(evidence(report, "journal-replays")).containsEntry("fromSnapshotSeq", 92L).containsEntry("journalEvents", 1L);
    }

    @Test
    void gate_rejectsAnUnknownCheckNameBeforeConnecting() {
        IntegrityGate unreachable = new IntegrityGate(refusingDatabase(), IntegrityChecks.standard(), Duration.ofSeconds(5), Clock.systemUTC());

        assertThatThrownBy(() -> unreachable.run(request(null, List.of("ledger-balanced", "ledger-balansed"))))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("ledger-balansed").hasMessageContaining("checkpoint-match");
    }

    @Test
    void gate_turnsARefusedConnectionIntoATransientFailure() {
        IntegrityGate unreachable = new IntegrityGate(refusingDatabase(), IntegrityChecks.standard(), Duration.ofSeconds(5), Clock.systemUTC());

        assertThatThrownBy(() -> unreachable.run(request(null, null)))
                .isExactlyInstanceOf(TransientFailure.class)
                .hasMessageContaining("Cannot connect to 127.0.0.1:");
    }

    @Test
    void gate_turnsAStatementTimeoutIntoATransientFailure() {
        IntegrityCheck slow = new NamedCheck("slow", connection -> {
            show(connection, "pg_sleep(5)");
        });
        IntegrityGate gate = new IntegrityGate(databaseFor(database), new IntegrityChecks(List.of(slow)), Duration.ofMillis(200),
                Clock.systemUTC());

        assertThatThrownBy(() -> gate.run(request(null, null)))
                .isExactlyInstanceOf(TransientFailure.class)
                .hasMessageContaining("slow").hasMessageContaining("statement timeout");
    }

    @Test
    void gate_checksARestoredInstanceNamedByItsUrlInsteadOfThePrimary() throws SQLException {
        sql("UPDATE balances SET available = -1 WHERE account_id = 1001 AND asset_code = 'ETH'");
        IntegrityGate gate = new IntegrityGate(databaseFor("exchange"), IntegrityChecks.standard(), Duration.ofSeconds(30), Clock.systemUTC());

        GateReport primary = gate.run(request(null, List.of("no-negative-available")));
        GateReport restored = gate.run(request(postgres.jdbcUrl(database), List.of("no-negative-available")));

        assertThat(primary.passed()).isTrue();
        assertThat(restored.passed()).isFalse();
        assertThat(restored.database()).endsWith("/" + database);
    }

    // --- helpers ---

    private GateReport runGate(String... checks) {
        IntegrityGate gate = new IntegrityGate(databaseFor(database), IntegrityChecks.standard(), Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        return gate.run(request(null, checks.length == 0 ? null : Arrays.asList(checks)));
    }

    private static IntegrityCheckRequest request(String target, List<String> checks) {
        return new IntegrityCheckRequest("INC-42", "database", target, checks, null);
    }

    static ExchangeDatabase databaseFor(String name) {
        return new ExchangeDatabase(JdbcEndpoint.parse(postgres.jdbcUrl(name)),
                CredentialSource.fixed(new DatabaseCredentials(postgres.user(), "")), ExchangeDatabase.Options.defaults());
    }

    private static ExchangeDatabase refusingDatabase() {
        return new ExchangeDatabase(JdbcEndpoint.parse("jdbc:postgresql://127.0.0.1:" + FreePorts.find() + "/exchange"),
                CredentialSource.fixed(new DatabaseCredentials("postgres", "")), ExchangeDatabase.Options.defaults());
    }

    private Connection connectToCopy() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), "");
    }

    private void sql(String statements) {
        try (Connection connection = connectToCopy(); Statement statement = connection.createStatement()) {
            statement.execute(statements);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long longValue(String query) throws SQLException {
        try (Connection connection = connectToCopy(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private long scalarFromGateDatabase(String query) {
        try {
            return longValue(query);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void recordCheckpoint() throws SQLException {
        try (Connection connection = connectToCopy()) {
            IntegrityCheckpoints.record(connection);
        }
    }

    private static String show(Connection connection, String setting) throws SQLException {
        String query = setting.contains("(") ? "SELECT " + setting + "::text" : "SHOW " + setting;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    static CheckResult check(GateReport report, String name) {
        return report.checks().stream().filter(check -> check.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + report));
    }

    static Map<String, Object> evidence(GateReport report, String name) {
        return check(report, name).evidence();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> offenders(Map<String, Object> evidence, String field) {
        return (List<Map<String, Object>>) evidence.get(field);
    }

    private static Map<String, Object> table(Map<String, Object> checkpointEvidence, String name) {
        return offenders(checkpointEvidence, "tables").stream().filter(table -> name.equals(table.get("table"))).findFirst()
                .orElseThrow(() -> new AssertionError("no table " + name + " in " + checkpointEvidence));
    }

    @FunctionalInterface
    private interface Action {
        void run(Connection connection) throws SQLException;
    }

    /** A check that runs an action inside the gate's transaction and passes. */
    private record NamedCheck(String name, Action action) implements IntegrityCheck {

        @Override
        public CheckResult run(Connection connection) throws SQLException {
            action.run(connection);
            return CheckResult.passed(name, "ran", Map.of());
        }
    }
}
