package exchange.recovery.local.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import exchange.recovery.local.exchange.SampleExchange;

/**
 * The tables the cache is built from (assets, instruments, accounts, balances, open orders) at
 * benchmark size, generated set-based with foreign key triggers off (the rows are consistent by
 * construction). Values follow {@link SampleExchange}'s formulas so keys and values have the same
 * shape; the ledger, trades and journal, which the cache never reads, are left empty.
 */
final class BenchData {

    private BenchData() {
    }

    static void load(Connection connection, int customers) throws SQLException {
        SampleExchange.createSchema(connection);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            statement.execute("""
                    INSERT INTO assets (asset_code, decimals) VALUES ('BTC', 8), ('ETH', 18), ('USDT', 6);
                    INSERT INTO accounts (account_id, kind) VALUES (1, 'HOT_WALLET'), (2, 'FEES');
                    INSERT INTO instruments (symbol, base_asset, quote_asset, tick_size, lot_size) VALUES
                      ('BTC-USDT', 'BTC', 'USDT', 0.01, 0.00001),
                      ('ETH-USDT', 'ETH', 'USDT', 0.01, 0.0001),
                      ('ETH-BTC',  'ETH', 'BTC',  0.000001, 0.0001);
                    """);
            try (PreparedStatement accounts = connection.prepareStatement(
                    "INSERT INTO accounts (account_id, kind) SELECT 1000 + g, 'CUSTOMER' FROM generate_series(1, ?) g")) {
                accounts.setInt(1, customers);
                accounts.executeUpdate();
            }
            try (PreparedStatement orders = connection.prepareStatement("""
                    INSERT INTO orders (order_id, account_id, symbol, side, price, quantity, status)
                    SELECT 1000 + g, 1000 + g, 'BTC-USDT', 'BUY', 60000 + ((1000 + g) % 50), 0.001, 'OPEN'
                    FROM generate_series(10, ?, 10) g
                    """)) {
                orders.setInt(1, customers);
                orders.executeUpdate();
            }
            try (PreparedStatement balances = connection.prepareStatement("""
                    INSERT INTO balances (account_id, asset_code, available, locked)
                    SELECT a, s.asset_code,
                           CASE s.asset_code
                             WHEN 'BTC'  THEN round((1 + (a % 97)) / 100.0, 8)
                             WHEN 'ETH'  THEN round((1 + (a % 89)) / 10.0, 18)
                             ELSE             round((1000 + (a % 1013) * 7), 6) - CASE WHEN a % 10 = 0 THEN (60000 + a % 50) * 0.001 ELSE 0 END
                           END,
                           CASE WHEN s.asset_code = 'USDT' AND a % 10 = 0 THEN (60000 + a % 50) * 0.001 ELSE 0 END
                    FROM generate_series(1001, 1000 + ?) a CROSS JOIN assets s
                    """)) {
                balances.setInt(1, customers);
                balances.executeUpdate();
            }
            statement.execute("SET session_replication_role = DEFAULT");
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
        }
    }

    /**
     * Transfers of USDT between customers that net to zero per account, so balances stay as they are;
     * their transaction ids follow {@code firstTxId}. Each transfer goes from one customer to the next, in
     * whole rounds of all customers (rounded down), so every account sends as many as it receives.
     */
    static void addTransfers(Connection connection, int customers, long transfers, long firstTxId) throws SQLException {
        long wholeRounds = transfers - transfers % customers;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO ledger_entries (tx_id, account_id, asset_code, amount)
                SELECT ? + g, 1001 + (g % ?), 'USDT', -0.5 FROM generate_series(1, ?) g
                UNION ALL
                SELECT ? + g, 1001 + ((g + 1) % ?), 'USDT', 0.5 FROM generate_series(1, ?) g
                """)) {
            insert.setLong(1, firstTxId);
            insert.setInt(2, customers);
            insert.setLong(3, wholeRounds);
            insert.setLong(4, firstTxId);
            insert.setInt(5, customers);
            insert.setLong(6, wholeRounds);
            insert.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE ledger_entries");
        }
    }
}
