package exchange.recovery.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

import exchange.recovery.core.TransientFailure;
import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.db.JdbcEndpoint;

/** The gate's transaction handling, with JDBC mocked; the same behaviour runs on PostgreSQL in local's tests. */
@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class IntegrityGateTest {

    private static final JdbcEndpoint PRIMARY = JdbcEndpoint.parse("jdbc:postgresql://db.example.internal:5432/exchange");

    @Mock
    private ExchangeDatabase database;
    @Mock
    private Connection connection;
    @Mock
    private Statement statement;
    @Mock
    private PreparedStatement snapshotQuery;
    @Mock
    private ResultSet snapshotRow;
    @Mock
    private Savepoint savepoint;

    @BeforeEach
    void connectionWithASnapshot() throws SQLException {
        when(database.resolve(any())).thenReturn(PRIMARY);
        when(database.connect(PRIMARY)).thenReturn(connection);
        when(connection.createStatement()).thenReturn(statement);
        when(connection.prepareStatement(anyString())).thenReturn(snapshotQuery);
        when(connection.setSavepoint()).thenReturn(savepoint);
        when(snapshotQuery.executeQuery()).thenReturn(snapshotRow);
        when(snapshotRow.next()).thenReturn(true, false);
        when(snapshotRow.getString(1)).thenReturn("100:100:");
    }

    @Test
    void gate_opensAReadOnlyRepeatableReadTransactionWithATimeoutBeforeAnyCheck() throws SQLException {
        GateReport report = gate(check("a", true)).run(request());

        InOrder order = inOrder(connection, statement);
        order.verify(connection).setAutoCommit(false);
        order.verify(connection).setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        order.verify(connection).setReadOnly(true);
        order.verify(statement).execute("SET LOCAL statement_timeout = 45000");
        order.verify(connection).setSavepoint();
        order.verify(connection).rollback();
        order.verify(connection).close();
        assertThat(report.passed()).isTrue();
        assertThat(report.snapshot()).isEqualTo("100:100:");
        assertThat(report.database()).isEqualTo("db.example.internal:5432/exchange");
        assertThat(report.target()).isEqualTo("primary");
        assertThat(report.checkedAt()).isEqualTo(Instant.parse("2026-03-01T03:00:00Z"));
    }

    @Test
    void gate_failsWhenAnyCheckFails() {
        GateReport report = gate(check("a", true), check("b", false), check("c", true)).run(request());

        assertThat(report.passed()).isFalse();
        assertThat(report.failedChecks()).containsExactly("b");
        assertThat(report.checks()).extracting(CheckResult::name).containsExactly("a", "b", "c");
    }

    @Test
    void gate_reportsACheckWhoseSqlFailsAndGoesOnFromItsSavepoint() throws SQLException {
        IntegrityCheck broken = throwing("broken", new SQLException("ERROR: relation \"engine_journal\" does not exist", "42P01"));

        GateReport report = gate(broken, check("after", true)).run(request());

        verify(connection).rollback(savepoint);
        assertThat(report.failedChecks()).containsExactly("broken");
        assertThat(report.checks().get(0).evidence()).containsEntry("error",
                Map.of("sqlState", "42P01", "message", "[42P01] ERROR: relation \"engine_journal\" does not exist"));
        assertThat(report.checks().get(1).passed()).isTrue();
    }

    @Test
    void gate_turnsALostConnectionDuringACheckIntoATransientFailure() throws SQLException {
        IntegrityCheck interrupted = throwing("interrupted", new SQLException("terminating connection due to administrator command", "57P01"));

        assertThatThrownBy(() -> gate(interrupted).run(request()))
                .isExactlyInstanceOf(TransientFailure.class).hasMessageContaining("interrupted").hasMessageContaining("57P01");
        verify(connection, never()).rollback(savepoint);
        verify(connection).close();
    }

    @Test
    void decide_raisesIntegrityCheckFailedWhenTheGateFails() {
        assertThatThrownBy(() -> gate(check("a", true), check("b", false)).decide(request()))
                .isInstanceOfSatisfying(IntegrityCheckFailed.class,
                        failed -> assertThat(failed.report().failedChecks()).containsExactly("b"));
    }

    @Test
    void decide_returnsTheFailedReportWhenTheRequestSaysNotToFail() {
        GateReport report = gate(check("a", false)).decide(new IntegrityCheckRequest("INC-1", "market-data", null, null, false));

        assertThat(report.passed()).isFalse();
        assertThat(report.failedChecks()).containsExactly("a");
    }

    @Test
    void decide_runsTheTiersOwnChecksWhenTheRequestNamesNone() throws SQLException {
        when(snapshotRow.next()).thenReturn(true, false, true, false, true, false, true, false);
        IntegrityGate gate = gate(IntegrityChecks.standard().names().stream().map(name -> check(name, true))
                .toArray(IntegrityCheck[]::new));

        GateReport wallet = gate.decide(new IntegrityCheckRequest("INC-1", "wallet", null, null, null));
        GateReport engine = gate.decide(new IntegrityCheckRequest("INC-1", "matching-engine", null, null, null));
        GateReport trading = gate.decide(new IntegrityCheckRequest("INC-1", "trading-api", null, null, null));
        GateReport database = gate.decide(new IntegrityCheckRequest("INC-1", "database", null, null, null));

        assertThat(wallet.checks()).extracting(CheckResult::name)
                .containsExactly("ledger-balanced", "no-negative-available", "balances-match-ledger");
        assertThat(engine.checks()).extracting(CheckResult::name).containsExactly("journal-contiguous", "journal-replays",
                "book-not-crossed", "reservations-match-open-orders", "orders-consistent", "trades-settled");
        assertThat(trading.checks()).extracting(CheckResult::name).containsExactly("book-not-crossed",
                "reservations-match-open-orders", "orders-consistent", "trades-settled", "journal-replays");
        assertThat(database.checks()).extracting(CheckResult::name).containsExactly("ledger-balanced",
                "no-negative-available", "balances-match-ledger", "journal-contiguous", "checkpoint-match");
    }

    private IntegrityGate gate(IntegrityCheck... checks) {
        return new IntegrityGate(database, new IntegrityChecks(List.of(checks)), Duration.ofSeconds(45),
                Clock.fixed(Instant.parse("2026-03-01T03:00:00Z"), ZoneOffset.UTC));
    }

    private static IntegrityCheckRequest request() {
        return new IntegrityCheckRequest("INC-1", "market-data", null, null, null);
    }

    private static IntegrityCheck check(String name, boolean passes) {
        return new IntegrityCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult run(Connection connection) {
                return new CheckResult(name, passes, passes ? "ok" : "violated", Map.of());
            }
        };
    }

    private static IntegrityCheck throwing(String name, SQLException error) {
        return new IntegrityCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult run(Connection connection) throws SQLException {
                throw error;
            }
        };
    }
}
