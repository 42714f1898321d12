package exchange.recovery.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.SampleExchange;
import exchange.recovery.local.deploy.DeployedStack;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.local.emulator.LocalLambdaEndpoint;
import exchange.recovery.local.deploy.StackDeployer;
import exchange.recovery.local.template.SamTemplate;

/**
 * IntegrityCheckFunction as template.yaml deploys it: its handler built by the no-argument constructor from
 * the function's environment, the database credentials and address read from a Secrets Manager secret in
 * the RDS format on the emulator, the checks run on a real PostgreSQL.
 */
class IntegrityCheckFunctionTest {

    private static LocalAws aws;
    private static LocalPostgres postgres;
    private static DeployedStack stack;

    @BeforeAll
    static void deploy() throws SQLException {
        postgres = LocalPostgres.start();
        try (Connection connection = postgres.connect()) {
            SampleExchange.load(connection, 200);
        }
        postgres.createDatabase("restored", "exchange");
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("restored"), postgres.user(), "");
             Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM ledger_entries WHERE account_id = 1150 AND asset_code = 'BTC'");
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
    void function_passesTheGateOnThePrimaryNamedByTheSecret() throws IOException {
        LocalLambdaEndpoint.Result result = invoke(Files.readString(Path.of("events/integrity-check-primary.json")));

        assertThat(result.failed()).as(result.payload()).isFalse();
        JsonNode report = Json.read(result.payload());
        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("database").asText()).isEqualTo("127.0.0.1:" + postgres.port() + "/exchange");
        assertThat(report.path("checks")).hasSize(5);
    }

    @Test
    void function_failsTheGateOnACorruptedRestoreWithAnErrorTheStateMachineCanCatch() {
        LocalLambdaEndpoint.Result result = invoke("""
                {"incidentId": "INC-100", "tier": "database", "database": "127.0.0.1:%d/restored"}
                """.formatted(postgres.port()));

        assertThat(result.errorType()).isEqualTo("exchange.recovery.integrity.IntegrityCheckFailed");
        JsonNode summary = Json.read(Json.read(result.payload()).path("errorMessage").asText());
        assertThat(summary.path("failedChecks")).extracting(JsonNode::asText)
                .containsExactly("ledger-balanced", "balances-match-ledger", "checkpoint-match");
        assertThat(summary.path("failures").get(0).path("evidence").path("nonZeroSums").get(0).path("asset").asText()).isEqualTo("BTC");
    }

    @Test
    void function_rejectsAnUnknownCheckAsInvalidInput() {
        LocalLambdaEndpoint.Result result = invoke("{\"incidentId\": \"INC-100\", \"tier\": \"database\", \"checks\": [\"vibes\"]}");

        assertThat(result.errorType()).isEqualTo("exchange.recovery.core.InvalidInput");
        assertThat(result.payload()).contains("vibes");
    }

    private static LocalLambdaEndpoint.Result invoke(String payload) {
        return aws.lambdas().invoke(stack.functionName("IntegrityCheckFunction"), payload);
    }
}
