package exchange.recovery.local.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleExchangeTest {

    private static LocalPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = LocalPostgres.start();
        try (Connection connection = postgres.connect()) {
            SampleExchange.load(connection, 200);
        }
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void load_createsOneBalancePerCustomerAndAsset() throws Exception {
        assertThat(scalar("SELECT count(*) FROM balances WHERE account_id >= 1001")).isEqualByComparingTo("600");
    }

    @Test
    void load_keepsEveryAssetLedgerSummingToZero() throws Exception {
        assertThat(scalar("SELECT count(*) FROM (SELECT asset_code FROM ledger_entries GROUP BY asset_code HAVING sum(amount) <> 0) x"))
                .isEqualByComparingTo("0");
    }

    @Test
    void load_keepsBalancesEqualToLedgerSums() throws Exception {
        assertThat(scalar("""
                SELECT count(*) FROM balances b
                JOIN (SELECT account_id, asset_code, sum(amount) s FROM ledger_entries GROUP BY 1, 2) l USING (account_id, asset_code)
                WHERE b.available + b.locked <> l.s
                """)).isEqualByComparingTo("0");
    }

    @Test
    void load_writesAGapFreeJournal() throws Exception {
        assertThat(scalar("SELECT max(seq) - count(*) FROM engine_journal")).isEqualByComparingTo("0");
    }

    @Test
    void load_endsWithAnIntegrityCheckpointOfEveryKeyTable() throws Exception {
        assertThat(scalar("SELECT count(DISTINCT table_name) FROM integrity_checkpoints")).isEqualByComparingTo("5");
        assertThat(scalar("SELECT row_count FROM integrity_checkpoints WHERE table_name = 'engine_journal'"))
                .isEqualByComparingTo(scalar("SELECT count(*) FROM engine_journal"));
        assertThat(scalar("SELECT max_key FROM integrity_checkpoints WHERE table_name = 'ledger_entries'"))
                .isEqualByComparingTo(scalar("SELECT max(entry_id) FROM ledger_entries"));
    }

    private static BigDecimal scalar(String sql) throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getBigDecimal(1);
        }
    }
}
