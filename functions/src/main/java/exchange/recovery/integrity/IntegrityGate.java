package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.core.Tier;
import exchange.recovery.core.TransientFailure;
import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.db.JdbcEndpoint;
import exchange.recovery.db.SqlErrors;

/**
 * Runs integrity checks against one database in a single read-only REPEATABLE READ transaction, so that every
 * check sees the same snapshot, with a statement timeout. A violation is a failed check in the report; a
 * check that cannot run for a lasting reason (a missing table) is also a failed check, with the error as its
 * evidence; losing the database or running out of time is a {@link TransientFailure}.
 */
public class IntegrityGate {

    private static final Logger LOG = LogManager.getLogger(IntegrityGate.class);

    /**
     * What a tier's gate checks when the request names no checks: the data each tier owns. Tiers not
     * listed here run every check. The database tier proves the data is whole; whether the market on it is
     * correct is the matching engine's and the trading APIs' gate.
     */
    /** The checks that say the market is correct: the trading-API gate reopens trading only when they pass. */
    public static final List<String> TRADING_CORRECTNESS = List.of("book-not-crossed", "reservations-match-open-orders",
            "orders-consistent", "trades-settled", "journal-replays");

    static final Map<Tier, List<String>> DEFAULT_CHECKS = Map.of(
            Tier.DATABASE, List.of("ledger-balanced", "no-negative-available", "balances-match-ledger", "journal-contiguous",
                    "checkpoint-match"),
            Tier.WALLET, List.of("ledger-balanced", "no-negative-available", "balances-match-ledger"),
            Tier.MATCHING_ENGINE, List.of("journal-contiguous", "journal-replays", "book-not-crossed",
                    "reservations-match-open-orders", "orders-consistent", "trades-settled"),
            // Trading reopens only on a book that passes again here, whatever tier 3 saw before.
            Tier.TRADING_API, TRADING_CORRECTNESS);

    private final ExchangeDatabase database;
    private final IntegrityChecks checks;
    private final Duration statementTimeout;
    private final Clock clock;

    public IntegrityGate(ExchangeDatabase database, IntegrityChecks checks, Duration statementTimeout, Clock clock) {
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("statementTimeout must be positive");
        }
        this.database = database;
        this.checks = checks;
        this.statementTimeout = statementTimeout;
        this.clock = clock;
    }

    /**
     * The tier's gate: runs the request's checks (the tier's own when it names none, see {@link #DEFAULT_CHECKS})
     * and decides. A failed gate raises {@link IntegrityCheckFailed} unless the request sets
     * {@code failOnViolation=false}, in which case the failed report is the answer (the plan's Choice reads it).
     *
     * @throws exchange.recovery.core.InvalidInput for an unknown tier or check, or an unusable database target
     * @throws TransientFailure when the database cannot be reached, goes away, or a statement times out
     */
    public GateReport decide(IntegrityCheckRequest request) {
        Tier tier = Tier.of(request.tier());
        List<String> names = request.checks() != null ? request.checks() : DEFAULT_CHECKS.get(tier);
        GateReport report = run(new IntegrityCheckRequest(request.incidentId(), tier.id(), request.database(), names,
                request.failOnViolation()));
        if (report.passed()) {
            LOG.info("Integrity gate passed: incident {} tier {} on {} ({} checks)", report.incidentId(), report.tier(),
                    report.database(), report.checks().size());
            return report;
        }
        report.checks().stream().filter(check -> !check.passed()).forEach(check -> LOG.warn(
                "Integrity check {} failed: incident {} tier {} on {}: {}", check.name(), report.incidentId(), report.tier(),
                report.database(), check.summary()));
        if (request.failsOnViolation()) {
            throw new IntegrityCheckFailed(report);
        }
        return report;
    }

    /**
     * Runs the request's checks (all when it names none) against its database.
     *
     * @throws exchange.recovery.core.InvalidInput for an unknown check or an unusable database target, before connecting
     * @throws TransientFailure when the database cannot be reached, goes away, or a statement times out
     */
    public GateReport run(IntegrityCheckRequest request) {
        List<IntegrityCheck> selected = checks.select(request.checks());
        JdbcEndpoint endpoint = database.resolve(request.database());
        Instant checkedAt = clock.instant();
        try (Connection connection = database.connect(endpoint)) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
            }
            // The first query fixes the transaction's snapshot: every check below reads the same data.
            String snapshot = Sql.one(connection, "SELECT pg_current_snapshot()::text", row -> row.getString(1));
            List<CheckResult> results = new ArrayList<>();
            for (IntegrityCheck check : selected) {
                results.add(runOne(connection, check, endpoint));
            }
            connection.rollback();
            List<String> failed = results.stream().filter(result -> !result.passed()).map(CheckResult::name).toList();
            return new GateReport(request.incidentId(), request.tier(), failed.isEmpty(), failed, request.targetOrPrimary(),
                    endpoint.describe(), snapshot, checkedAt, results);
        } catch (SQLException e) {
            throw SqlErrors.translate("Integrity gate on " + endpoint.describe() + " failed", e);
        }
    }

    private CheckResult runOne(Connection connection, IntegrityCheck check, JdbcEndpoint endpoint) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            CheckResult result = check.run(connection);
            connection.releaseSavepoint(savepoint);
            return result;
        } catch (SQLException e) {
            if (SqlErrors.QUERY_CANCELED.equals(e.getSQLState())) {
                throw new TransientFailure("Integrity check " + check.name() + " on " + endpoint.describe()
                        + " exceeded the statement timeout of " + statementTimeout.toSeconds() + "s", e);
            }
            if (SqlErrors.isTransient(e)) {
                throw new TransientFailure("Integrity check " + check.name() + " on " + endpoint.describe()
                        + " was interrupted: " + SqlErrors.describe(e), e);
            }
            connection.rollback(savepoint);
            LOG.warn("Integrity check {} could not run on {}: {}", check.name(), endpoint.describe(), SqlErrors.describe(e));
            return CheckResult.failed(check.name(), "The check could not run: " + SqlErrors.describe(e),
                    Evidence.of("error", Evidence.of("sqlState", e.getSQLState(), "message", SqlErrors.describe(e))));
        }
    }
}
