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
 * sums to zero; a few trades between neighbouring customers settle in ledger legs; balances equal ledger sums,
 * with exactly what open bids and asks reserve locked; the engine journal is one gap-free sequence that replays
 * to the open book. The load ends with an integrity checkpoint of the key tables.
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

                    -- Filled order pairs and their trades: trade g's buyer and seller are two neighbouring customers,
                    -- so no account trades often whatever the size. Each trade settles in four ledger legs (both sides,
                    -- both assets); its fees are zero in this dataset, and a zero fee needs no leg.
                    CREATE TEMP TABLE sample_trades ON COMMIT DROP AS
                    SELECT g,
                           1001 + ((2 * g - 2) % c.n) AS buyer,
                           1001 + ((2 * g - 1) % c.n) AS seller
                    FROM (SELECT count(*) AS n FROM accounts WHERE kind = 'CUSTOMER') c,
                         generate_series(1, greatest(1, (SELECT count(*) FROM accounts) / 100)) g;

                    INSERT INTO orders (order_id, account_id, symbol, side, price, quantity, filled, status)
                    SELECT 10000000 + 2 * g, buyer, 'ETH-USDT', 'BUY', 3000, 0.01, 0.01, 'FILLED' FROM sample_trades
                    UNION ALL
                    SELECT 10000000 + 2 * g + 1, seller, 'ETH-USDT', 'SELL', 3000, 0.01, 0.01, 'FILLED' FROM sample_trades;

                    INSERT INTO trades (trade_id, symbol, buy_order_id, sell_order_id, price, quantity, journal_seq)
                    SELECT g, 'ETH-USDT', 10000000 + 2 * g, 10000000 + 2 * g + 1, 3000, 0.01, 3 * g FROM sample_trades;

                    INSERT INTO ledger_entries (tx_id, account_id, asset_code, amount, trade_id)
                    SELECT 900000000 + t.g, v.account_id, v.asset_code, v.amount, t.g
                    FROM sample_trades t
                    CROSS JOIN LATERAL (VALUES (t.buyer, 'ETH', 0.01), (t.seller, 'ETH', -0.01),
                                               (t.buyer, 'USDT', -30), (t.seller, 'USDT', 30))
                               AS v(account_id, asset_code, amount);

                    -- One open BUY order on BTC-USDT for every tenth customer locks part of its USDT; one open SELL
                    -- for every tenth customer offset by five locks part of its BTC. Bids stay below asks.
                    INSERT INTO orders (order_id, account_id, symbol, side, price, quantity, status)
                    SELECT a.account_id, a.account_id, 'BTC-USDT', 'BUY', 60000 + (a.account_id % 50), 0.001, 'OPEN'
                    FROM accounts a WHERE a.kind = 'CUSTOMER' AND a.account_id % 10 = 0
                    UNION ALL
                    SELECT a.account_id, a.account_id, 'BTC-USDT', 'SELL', 61000 + (a.account_id % 50), 0.001, 'OPEN'
                    FROM accounts a WHERE a.kind = 'CUSTOMER' AND a.account_id % 10 = 5;

                    INSERT INTO balances (account_id, asset_code, available, locked)
                    SELECT l.account_id, l.asset_code, l.total - coalesce(o.locked, 0), coalesce(o.locked, 0)
                    FROM (SELECT account_id, asset_code, sum(amount) AS total FROM ledger_entries GROUP BY 1, 2) l
                    LEFT JOIN (SELECT o.account_id,
                                      CASE WHEN o.side = 'BUY' THEN i.quote_asset ELSE i.base_asset END AS asset_code,
                                      sum(CASE WHEN o.side = 'BUY' THEN o.price * (o.quantity - o.filled)
                                               ELSE o.quantity - o.filled END) AS locked
                               FROM orders o JOIN instruments i ON i.symbol = o.symbol
                               WHERE o.status IN ('OPEN', 'PARTIALLY_FILLED') GROUP BY 1, 2) o
                           ON o.account_id = l.account_id AND o.asset_code = l.asset_code;

                    -- The engine journal, one gap-free sequence: each trade's two orders accepted, then the trade;
                    -- then the resting orders accepted. Replaying it yields the open book above.
                    INSERT INTO engine_journal (seq, event_type, payload)
                    SELECT 3 * t.trade_id - 2 + e.k, e.event_type, e.payload
                    FROM trades t JOIN sample_trades st ON st.g = t.trade_id
                    CROSS JOIN LATERAL (VALUES
                        (0, 'ORDER_ACCEPTED', jsonb_build_object('orderId', t.buy_order_id, 'accountId', st.buyer, 'symbol', t.symbol,
                            'side', 'BUY', 'price', t.price, 'quantity', t.quantity)),
                        (1, 'ORDER_ACCEPTED', jsonb_build_object('orderId', t.sell_order_id, 'accountId', st.seller, 'symbol', t.symbol,
                            'side', 'SELL', 'price', t.price, 'quantity', t.quantity)),
                        (2, 'TRADE', jsonb_build_object('tradeId', t.trade_id, 'symbol', t.symbol, 'buyOrderId', t.buy_order_id,
                            'sellOrderId', t.sell_order_id, 'price', t.price, 'quantity', t.quantity))) AS e(k, event_type, payload);

                    INSERT INTO engine_journal (seq, event_type, payload)
                    SELECT (SELECT 3 * count(*) FROM trades) + row_number() OVER (ORDER BY order_id), 'ORDER_ACCEPTED',
                           jsonb_build_object('orderId', order_id, 'accountId', account_id, 'symbol', symbol, 'side', side,
                                              'price', price, 'quantity', quantity)
                    FROM orders WHERE status = 'OPEN';
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
