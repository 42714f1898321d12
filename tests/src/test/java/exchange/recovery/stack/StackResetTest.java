package exchange.recovery.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.exchange.ExchangeSetup;
import exchange.recovery.local.stack.DrillHarness;
import exchange.recovery.local.stack.Need;

/** A reset stack is as a freshly started one: no data, resource or component of the previous use leaks into the next. */
class StackResetTest {

    private static DrillHarness harness;

    @BeforeAll
    static void start() {
        harness = DrillHarness.start(DrillHarness.Settings.of(Path.of("."), EnumSet.of(Need.POSTGRES), List.of()));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aReset_bringsBackTheSampleExchange_emptiesTheEmulator_andDeploysTheStackAgain() throws Exception {
        // GIVEN a use that damaged the data, left a resource behind and kept a copy of the database
        BigDecimal ledgerBefore = ledgerTotal();
        try (Connection connection = harness.postgres().orElseThrow().connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE ledger_entries SET amount = amount * 10 WHERE tx_id = 42 AND account_id <> 1");
        }
        harness.postgres().orElseThrow().createDatabase("exchange_restored_copy", null);
        harness.aws().clients().s3().createBucket(b -> b.bucket("left-behind"));
        assertThat(ledgerTotal()).isNotEqualByComparingTo(ledgerBefore);

        // WHEN the stack is reset for a use that also needs Redis
        harness.reset(new DrillHarness.Settings(Path.of("."), EnumSet.of(Need.POSTGRES, Need.REDIS), List.of(), 1000,
                "exchange-recovery", new ExchangeSetup()));

        // THEN the data is the sample exchange again, the emulator holds only the new deployment, Redis runs
        assertThat(ledgerTotal()).isEqualByComparingTo(ledgerBefore);
        assertThat(databases()).contains("exchange").doesNotContain("exchange_restored_copy");
        assertThat(harness.aws().clients().s3().listBuckets().buckets()).noneMatch(bucket -> bucket.name().equals("left-behind"));
        assertThat(harness.planArns()).isNotEmpty();
        assertThat(harness.aws().clients().stepFunctions().listExecutions(b -> b.stateMachineArn(harness.planArns().get(0)))
                .executions()).isEmpty();
        assertThat(harness.redis()).hasValueSatisfying(redis -> assertThat(redis.isRunning()).isTrue());
    }

    @Test
    void aReset_forAnotherProjectOrSize_isRefused() {
        assertThatThrownBy(() -> harness.reset(new DrillHarness.Settings(Path.of("elsewhere"), EnumSet.of(Need.POSTGRES), List.of(),
                1000, "exchange-recovery", new ExchangeSetup()))).isInstanceOf(LocalRuntimeException.class);
    }

    /** The ledger's grand total of absolute amounts: any multiplied leg changes it. */
    private static BigDecimal ledgerTotal() throws SQLException {
        try (Connection connection = harness.postgres().orElseThrow().connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT sum(abs(amount)) FROM ledger_entries")) {
            rows.next();
            return rows.getBigDecimal(1);
        }
    }

    private static List<String> databases() throws SQLException {
        try (Connection connection = harness.postgres().orElseThrow().connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database")) {
            List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
