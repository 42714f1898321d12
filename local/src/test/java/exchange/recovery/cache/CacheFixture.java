package exchange.recovery.cache;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import exchange.recovery.db.CredentialSource;
import exchange.recovery.db.DatabaseCredentials;
import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.db.JdbcEndpoint;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.SampleExchange;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * One PostgreSQL server per test class holding the sample exchange as a template database; each test
 * works on its own copy, so tests that change rows do not disturb each other.
 */
final class CacheFixture implements AutoCloseable {

    static final int CUSTOMERS = 2000;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final LocalPostgres postgres;

    CacheFixture() throws SQLException {
        postgres = LocalPostgres.start();
        try (Connection connection = postgres.connect()) {
            SampleExchange.load(connection, CUSTOMERS);
        }
    }

    /** A fresh copy of the sample exchange. */
    ExchangeDatabase newDatabase() {
        String name = "exchange_copy_" + DATABASES.incrementAndGet();
        postgres.createDatabase(name, "exchange");
        return new ExchangeDatabase(JdbcEndpoint.parse(postgres.jdbcUrl(name)),
                CredentialSource.fixed(new DatabaseCredentials(postgres.user(), "")), ExchangeDatabase.Options.defaults());
    }

    private static Connection connect(ExchangeDatabase database) {
        return database.connect(ExchangeDatabase.PRIMARY);
    }

    static void execute(ExchangeDatabase database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static long count(ExchangeDatabase database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Rows of a query as id -> (column -> text), ids from the first column. */
    static Map<String, Map<String, String>> rows(ExchangeDatabase database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            Map<String, Map<String, String>> result = new LinkedHashMap<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 2; i <= columns; i++) {
                    row.put(rows.getMetaData().getColumnLabel(i), rows.getString(i));
                }
                result.put(rows.getString(1), row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Keys matching a pattern, counted from the client side (independent of the code under test). */
    static long keys(Jedis redis, String pattern) {
        ScanParams params = new ScanParams().match(pattern).count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        long keys = 0;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            keys += page.getResult().size();
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    @Override
    public void close() {
        postgres.close();
    }
}
