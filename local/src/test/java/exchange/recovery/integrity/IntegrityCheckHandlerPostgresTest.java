package exchange.recovery.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.db.CredentialSource;
import exchange.recovery.db.DatabaseCredentials;
import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.db.JdbcEndpoint;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.SampleExchange;
import exchange.recovery.local.emulator.LocalContext;

/**
 * The Lambda handler as a tier gate invokes it, against a real PostgreSQL: the primary holds the loaded
 * sample exchange, a second database ("restored") the same data with a corrupted balance and journal.
 */
class IntegrityCheckHandlerPostgresTest {

    private static LocalPostgres postgres;
    private static IntegrityCheckHandler handler;

    @BeforeAll
    static void startExchange() throws SQLException {
        postgres = LocalPostgres.start();
        try (Connection connection = postgres.connect()) {
            SampleExchange.load(connection, 300);
        }
        postgres.createDatabase("restored", "exchange");
        try (Connection connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl("restored"), postgres.user(), "");
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    UPDATE balances SET available = available - 7 WHERE account_id = 1077 AND asset_code = 'USDT';
                    DELETE FROM engine_journal WHERE seq = 2;
                    """);
        }
        ExchangeDatabase database = new ExchangeDatabase(JdbcEndpoint.parse(postgres.jdbcUrl()),
                CredentialSource.fixed(new DatabaseCredentials(postgres.user(), "")), ExchangeDatabase.Options.defaults());
        handler = new IntegrityCheckHandler(new IntegrityGate(database, IntegrityChecks.standard(), Duration.ofSeconds(30),
                Clock.systemUTC()));
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void handler_returnsThePassedReportForThePrimary() {
        JsonNode report = invoke("""
                {"incidentId": "INC-7", "tier": "database", "database": "primary"}
                """);

        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("incidentId").asText()).isEqualTo("INC-7");
        assertThat(report.path("tier").asText()).isEqualTo("database");
        assertThat(report.path("checks")).hasSize(5);
        assertThat(report.path("database").asText()).isEqualTo("127.0.0.1:" + postgres.port() + "/exchange");
    }

    @Test
    void handler_raisesIntegrityCheckFailedWithTheFailedChecksAndTheirKeyEvidence() {
        IntegrityCheckFailed failure = catchThrowableOfType(IntegrityCheckFailed.class, () -> invoke("""
                {"incidentId": "INC-8", "tier": "database", "database": "%s"}
                """.formatted(postgres.jdbcUrl("restored"))));

        JsonNode summary = Json.read(failure.getMessage());
        assertThat(summary.path("incidentId").asText()).isEqualTo("INC-8");
        assertThat(summary.path("database").asText()).endsWith("/restored");
        assertThat(summary.path("failedChecks")).extracting(JsonNode::asText)
                .containsExactly("balances-match-ledger", "journal-contiguous", "checkpoint-match");
        JsonNode balances = summary.path("failures").get(0);
        assertThat(balances.path("check").asText()).isEqualTo("balances-match-ledger");
        assertThat(balances.path("summary").asText()).contains("account 1077 USDT");
        assertThat(balances.path("evidence").path("offending").asLong()).isEqualTo(1);
        assertThat(balances.path("evidence").path("firstOffenders").get(0).path("accountId").asLong()).isEqualTo(1077);
        assertThat(balances.path("evidence").path("firstOffenders").get(0).path("difference").asText()).isEqualTo("-7");
        JsonNode journal = summary.path("failures").get(1);
        assertThat(journal.path("evidence").path("firstGap").path("start").asLong()).isEqualTo(2);
        assertThat(journal.path("evidence").path("missing").asLong()).isEqualTo(1);
        assertThat(summary.path("failures").get(2).path("evidence").path("mismatchedTables").get(0).asText()).isEqualTo("engine_journal");
    }

    @Test
    void handler_returnsTheFailedReportWhenAskedNotToFail() {
        JsonNode report = invoke("""
                {"incidentId": "INC-9", "tier": "database", "database": "%s", "checks": ["journal-contiguous"],
                 "failOnViolation": false}
                """.formatted(postgres.jdbcUrl("restored")));

        assertThat(report.path("passed").asBoolean()).isFalse();
        assertThat(report.path("failedChecks")).extracting(JsonNode::asText).containsExactly("journal-contiguous");
        assertThat(report.path("checks").get(0).path("evidence").path("firstGap").path("end").asLong()).isEqualTo(2);
    }

    private static JsonNode invoke(String input) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, LocalContext.of("IntegrityCheckFunction"));
        return Json.read(output.toString(StandardCharsets.UTF_8));
    }
}
