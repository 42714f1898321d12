package exchange.recovery.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.LocalRedis;
import exchange.recovery.local.exchange.SampleExchange;
import exchange.recovery.local.deploy.DeployedStack;
import exchange.recovery.local.emulator.Executions;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.local.deploy.StackDeployer;
import exchange.recovery.local.template.SamTemplate;
import redis.clients.jedis.Jedis;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * statemachines/cache-recovery.asl.json as template.yaml deploys it, on the local harness: the plan runs
 * on the emulator, its tasks invoke the real handlers (built from their template environment), the
 * control plane creates the replication group on the emulator and the rebuild fills a real Redis from a
 * real PostgreSQL. The tests share one deployed stack and run in order: the first finds no replication group.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheRecoveryPlanTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static LocalPostgres postgres;
    private static LocalRedis redis;
    private static LocalAws aws;
    private static DeployedStack stack;
    private static Executions executions;

    @BeforeAll
    static void deploy() throws SQLException {
        postgres = LocalPostgres.start();
        try (Connection connection = postgres.connect()) {
            SampleExchange.load(connection, 300);
        }
        redis = LocalRedis.start();
        aws = LocalAws.start();
        String secretArn = aws.clients().secretsManager().createSecret(b -> b.name("exchange-db-credentials")
                .secretString(Json.write(Map.of("username", postgres.user(), "password", "local", "engine", "postgres",
                        "host", "127.0.0.1", "port", postgres.port(), "dbname", "exchange")))).arn();
        stack = new StackDeployer(aws, "exchange-recovery", Map.of(
                "ExchangeDatabaseSecretArn", secretArn,
                "CacheReplicationGroupId", "exchange-cache",
                "CacheEndpointAddress", redis.host(),
                "CachePort", redis.port(),
                "CacheInTransitEncryption", "false"),
                // The local PostgreSQL has no certificate; RDS serves the template's sslmode=require.
                Map.of("EXCHANGE_DB_SSLMODE", "disable"))
                .deploy(SamTemplate.load(Path.of("template.yaml")));
        executions = new Executions(aws.clients().stepFunctions());
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static DescribeExecutionResponse run(String input) {
        String arn = aws.clients().stepFunctions().startExecution(request -> request
                .stateMachineArn(stack.stateMachine("CacheRecoveryStateMachine")).input(input)).executionArn();
        return executions.awaitEnd(arn, TIMEOUT);
    }

    @Test
    @Order(1)
    void plan_createsTheMissingClusterThenRebuildsAndSwitchesTheCache() throws IOException {
        // GIVEN no replication group on the emulator and an empty Redis
        // WHEN the plan runs with the documented console input
        DescribeExecutionResponse execution = run(Files.readString(Path.of("events/cache-recovery.json")));

        // THEN the group was created, the requested keyspaces rebuilt, verified and made live
        assertThat(execution.status()).as(executions.firstFailure(execution.executionArn()).orElse("no failure"))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.read(execution.output());
        assertThat(output.at("/cluster/state/action").asText()).isEqualTo("CREATE");
        assertThat(aws.clients().elastiCache().describeReplicationGroups(request -> request.replicationGroupId("exchange-cache"))
                .replicationGroups()).singleElement().satisfies(group -> assertThat(group.status()).isEqualTo("available"));
        JsonNode report = output.at("/rebuild/report");
        assertThat(report.path("verification").path("mismatchCount").asLong()).isZero();
        assertThat(report.path("keyspaces")).extracting(keyspace -> keyspace.path("keyspace").asText())
                .containsExactly("balances", "orders", "book");
        long version = report.path("version").asLong();
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            assertThat(jedis.hgetAll(CacheKeys.LIVE)).containsEntry("balances", Long.toString(version))
                    .doesNotContainKey("instruments");
            assertThat(jedis.hget("v" + version + ":bal:1001:BTC", "available")).isNotNull();
        }
    }

    @Test
    @Order(2)
    void plan_endsInAFailureStateWithTheHandlersErrorForABadRequest() {
        // WHEN the plan runs for a keyspace that does not exist
        DescribeExecutionResponse execution = run("{\"incidentId\":\"INC-301\",\"keyspaces\":[\"candles\"]}");

        // THEN it fails in the state that records the failure, with the handler's named error
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("CacheRecoveryFailed");
        assertThat(executions.firstFailure(execution.executionArn())).hasValueSatisfying(failure -> assertThat(failure)
                .startsWith("TaskFailed exchange.recovery.core.InvalidInput").contains("Unknown keyspace 'candles'"));
    }
}
