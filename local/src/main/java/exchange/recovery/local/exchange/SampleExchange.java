package exchange.recovery.local.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import exchange.recovery.integrity.IntegrityCheckpoints;
import exchange.recovery.local.LocalRuntimeException;

/**
 * The sample exchange dataset: schema plus deterministic, consistent data of any size, built with
 * set-based SQL so that millions of rows load in seconds.
 *
 * <p>Shape, for {@code customers = n}: account 1 is the HOT_WALLET, 2 is FEES, customers are 1001..1000+n.
 * Each customer deposited every asset (a ledger transfer from the hot wallet), so every asset's ledger
 * sums to zero; balances equal ledger sums, with part locked by open orders; trades and the engine
 * journal form one gap-free sequence. The load ends with an integrity checkpoint of the key tables.
 */
public final class SampleExchange {

    public static final long HOT_WALLET = 1;
    public static final long FEES = 2;
    public static final long FIRST_CUSTOMER = 1001;

    private SampleExchange() {
    }

    public static void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(resource("db/schema.sql"));
        }
    }

    /** Creates the schema if needed and loads a consistent dataset with {@code customers} customers. */
    public static void load(Connection connection, int customers) throws SQLException {
        createSchema(connection);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO assets (asset_code, decimals) VALUES ('BTC', 8), ('ETH', 18), ('USDT', 6);
                    INSERT INTO accounts (account_id, kind) VALUES (1, 'HOT_WALLET'), (2, 'FEES');
                    INSERT INTO instruments (symbol, base_asset, quote_asset, tick_size, lot_size) VALUES
                      ('BTC-USDT', 'BTC', 'USDT', 0.01, 0.00001),
                      ('ETH-USDT', 'ETH', 'USDT', 0.01, 0.0001),
                      ('ETH-BTC',  'ETH', 'BTC',  0.000001, 0.0001);
                    """);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO accounts (account_id, kind)
                    SELECT 1000 + g, 'CUSTOMER' FROM generate_series(1, ?) g
                    """)) {
                insert.setInt(1, customers);
                insert.executeUpdate();
            }
            statement.execute("""
                    CREATE TEMP TABLE deposit_amounts ON COMMIT DROP AS
                    SELECT a.account_id, s.asset_code,
                           CASE s.asset_code
                             WHEN 'BTC'  THEN round((1 + (a.account_id % 97)) / 100.0, 8)
                             WHEN 'ETH'  THEN round((1 + (a.account_id % 89)) / 10.0, 18)
                             ELSE             round((1000 + (a.account_id % 1013) * 7), 6)
                           END AS amount,
                           row_number() OVER (ORDER BY a.account_id, s.asset_code) AS n
                    FROM accounts a CROSS JOIN assets s
                    WHERE a.kind = 'CUSTOMER';

                    INSERT INTO ledger_entries (tx_id, account_id, asset_code, amount)
                    SELECT n, account_id, asset_code, amount FROM deposit_amounts
                    UNION ALL
                    SELECT n, 1, asset_code, -amount FROM deposit_amounts;

                    -- One open BUY order on BTC-USDT for every tenth customer locks part of its USDT.
                    INSERT INTO orders (order_id, account_id, symbol, side, price, quantity, status)
                    SELECT a.account_id, a.account_id, 'BTC-USDT', 'BUY', 60000 + (a.account_id % 50), 0.001, 'OPEN'
                    FROM accounts a WHERE a.kind = 'CUSTOMER' AND a.account_id % 10 = 0;

                    INSERT INTO balances (account_id, asset_code, available, locked)
                    SELECT l.account_id, l.asset_code,
                           sum(l.amount) - coalesce(max(o.locked), 0), coalesce(max(o.locked), 0)
                    FROM ledger_entries l
                    LEFT JOIN (SELECT account_id, 'USDT'::text AS asset_code, sum(price * quantity) AS locked
                               FROM orders WHERE status IN ('OPEN', 'PARTIALLY_FILLED') GROUP BY account_id) o
                           ON o.account_id = l.account_id AND o.asset_code = l.asset_code
                    GROUP BY l.account_id, l.asset_code;

                    -- Filled order pairs and their trades, journalled with one gap-free sequence.
                    INSERT INTO orders (order_id, account_id, symbol, side, price, quantity, filled, status)
                    SELECT 10000000 + 2 * g, 1001, 'ETH-USDT', 'BUY', 3000, 0.01, 0.01, 'FILLED'
                    FROM generate_series(1, greatest(1, (SELECT count(*) FROM accounts) / 100)) g
                    UNION ALL
                    SELECT 10000000 + 2 * g + 1, 1002, 'ETH-USDT', 'SELL', 3000, 0.01, 0.01, 'FILLED'
                    FROM generate_series(1, greatest(1, (SELECT count(*) FROM accounts) / 100)) g;

                    INSERT INTO trades (trade_id, symbol, buy_order_id, sell_order_id, price, quantity, journal_seq)
                    SELECT g, 'ETH-USDT', 10000000 + 2 * g, 10000000 + 2 * g + 1, 3000, 0.01, g
                    FROM generate_series(1, greatest(1, (SELECT count(*) FROM accounts) / 100)) g;

                    INSERT INTO engine_journal (seq, event_type, payload)
                    SELECT journal_seq, 'TRADE', jsonb_build_object('tradeId', trade_id, 'symbol', symbol)
                    FROM trades;
                    """);
            // The exchange checkpoints its key tables; a freshly loaded dataset starts with one.
            IntegrityCheckpoints.record(connection);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
        }
    }

    static String resource(String name) {
        try (InputStream in = SampleExchange.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new LocalRuntimeException("Missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot read resource " + name, e);
        }
    }
}
