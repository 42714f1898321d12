package exchange.recovery.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.hold.DynamoDbHoldStore;
import exchange.recovery.hold.Holds;
import exchange.recovery.local.deploy.DeployedStack;
import exchange.recovery.local.deploy.StackDeployer;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.local.emulator.LocalLambdaEndpoint;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.SampleExchange;
import exchange.recovery.local.template.SamTemplate;

/**
 * ReopenTradingFunction as template.yaml deploys it: built by its no-argument constructor from the function's
 * environment, the trading flags in the stack's hold table on the emulator, the checks run on a real PostgreSQL
 * (the primary, sound; and a copy whose matching engine cancelled an order without releasing its reservation).
 */
class ReopenTradingFunctionTest {

    private static LocalAws aws;
    private static LocalPostgres postgres;
    private static DeployedStack stack;
    private static TradingReopening trading;
    private static Holds holds;

    @BeforeAll
    static void deploy() throws SQLException {
        postgres = LocalPostgres.start();
        try (Connection connection = postgres.connect()) {
            SampleExchange.load(connection, 200);
        }
        postgres.createDatabase("unsettled", "exchange");
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("unsettled"), postgres.user(), "");
             Statement statement = connection.createStatement()) {
            // As in the trade-settlement-mismatch drill: cancelled and journalled, the USDT it locked left locked.
            statement.execute("""
                    WITH cancelled AS (UPDATE orders SET status = 'CANCELLED' WHERE order_id = 1010 RETURNING order_id)
                    INSERT INTO engine_journal (seq, event_type, payload)
                    SELECT (SELECT max(seq) FROM engine_journal) + 1, 'ORDER_CANCELLED', jsonb_build_object('orderId', order_id)
                    FROM cancelled
                    """);
        }
        aws = LocalAws.start();
        // The local server trusts loopback connections: any password passes, as a rotated-in one would.
        String secretArn = aws.clients().secretsManager().createSecret(b -> b.name("exchange-db-credentials")
                .secretString(Json.write(Map.of("username", postgres.user(), "password", "local-password", "engine", "postgres",
                        "host", "127.0.0.1", "port", postgres.port(), "dbname", "exchange")))).arn();
        // The template asks for sslmode=require, which RDS serves; the local server has no certificate.
        stack = new StackDeployer(aws, "exchange-recovery", Map.of("ExchangeDatabaseSecretArn", secretArn),
                Map.of("EXCHANGE_DB_SSLMODE", "disable"))
                .deploy(SamTemplate.load(Path.of("template.yaml")));
        holds = new Holds(new DynamoDbHoldStore(aws.clients().dynamoDb(), stack.physicalId("HoldTable")), Clock.systemUTC());
        // The plan's side of the flags, as the trading API reads them; the checks are never run through it here.
        trading = new TradingReopening(holds, null);
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void reopen_liftsTheIncidentsHaltThroughCancelOnlyToOpen_withTwoPhaseLines() {
        // GIVEN trading halted by the incident
        assertThat(trading.halt("INC-401", "database failover")).isEqualTo(TradingPhase.HALTED);

        // WHEN the trading-API tier reopens on the sound primary
        LocalLambdaEndpoint.Result result = invoke("{\"incidentId\": \"INC-401\", \"tier\": \"trading-api\"}");

        // THEN trading is open, reached through cancel-only, each phase with its time and checks
        assertThat(result.failed()).as(result.payload()).isFalse();
        JsonNode reopened = Json.read(result.payload());
        assertThat(reopened.path("state").asText()).isEqualTo("OPEN");
        assertThat(reopened.path("phases")).hasSize(2);
        assertThat(reopened.path("phases").get(0).path("phase").asText()).isEqualTo("CANCEL_ONLY");
        assertThat(reopened.path("phases").get(0).path("checks")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(IntegrityGate.TRADING_CORRECTNESS);
        assertThat(reopened.path("phases").get(1).path("phase").asText()).isEqualTo("OPEN");
        assertThat(reopened.path("phases").get(1).path("at").asText()).isNotBlank();
        assertThat(reopened.path("phases")).allSatisfy(phase -> assertThat(phase.path("lifted").asBoolean()).isTrue());
        assertThat(trading.phase()).isEqualTo(TradingPhase.OPEN);
    }

    @Test
    void reopen_refusesWithTheTypedErrorAndKeepsTradingHalted_whenAReservationOutlivesItsOrder() {
        try {
            // GIVEN trading halted by the incident, on a database whose order 1010 was cancelled with its USDT left locked
            trading.halt("INC-402", "matching engine failover");

            // WHEN the trading-API tier tries to reopen on it
            LocalLambdaEndpoint.Result result = invoke("""
                    {"incidentId": "INC-402", "tier": "trading-api", "database": "127.0.0.1:%d/unsettled"}
                    """.formatted(postgres.port()));

            // THEN the refusal is typed (the plan's Catch records the tier FAILED) and nobody can place or cancel
            assertThat(result.errorType()).isEqualTo("exchange.recovery.integrity.TradingReopenRefused");
            assertThat(result.payload()).contains("HALTED").contains("reservations-match-open-orders");
            assertThat(trading.phase()).isEqualTo(TradingPhase.HALTED);
            assertThat(holds.status(TradingReopening.CANCELS).heldBy("INC-402")).isTrue();
            assertThat(holds.status(TradingReopening.ORDERS).heldBy("INC-402")).isTrue();
        } finally {
            // The flags are shared by this class's tests: leave them as the other test expects to find them.
            holds.release(TradingReopening.CANCELS, "INC-402", "test", "clean up", null, null);
            holds.release(TradingReopening.ORDERS, "INC-402", "test", "clean up", null, null);
        }
    }

    @Test
    void reopen_refusesAnotherTierAsInvalidInputAndLeavesTheHaltInPlace() {
        try {
            trading.halt("INC-403", "database failover");

            LocalLambdaEndpoint.Result result = invoke("{\"incidentId\": \"INC-403\", \"tier\": \"matching-engine\"}");

            assertThat(result.errorType()).isEqualTo("exchange.recovery.integrity.InvalidReopenInput");
            assertThat(trading.phase()).isEqualTo(TradingPhase.HALTED);
        } finally {
            holds.release(TradingReopening.CANCELS, "INC-403", "test", "clean up", null, null);
            holds.release(TradingReopening.ORDERS, "INC-403", "test", "clean up", null, null);
        }
    }

    private static LocalLambdaEndpoint.Result invoke(String payload) {
        return aws.lambdas().invoke(stack.functionName("ReopenTradingFunction"), payload);
    }
}
