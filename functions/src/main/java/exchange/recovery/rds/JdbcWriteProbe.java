package exchange.recovery.rds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.postgresql.Driver;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.db.DatabaseSecret;
import exchange.recovery.db.SecretCredentials;

/**
 * Proves a PostgreSQL primary accepts writes, the way a service would find out: it connects with the
 * services' login and, in one transaction that is always rolled back, checks the server is not a standby,
 * writes a row, and makes the server assign a transaction id. Nothing is left behind.
 *
 * <p>The row goes to {@code probeTable} when one is configured (a table the services' user may insert
 * into, with columns {@code probe_id text} and {@code probed_at timestamptz}), otherwise to a temporary
 * table created in the same transaction (only the default {@code TEMP} privilege is needed). Both are
 * refused by a read-only or recovering server.
 *
 * <p>Host, port and database come from the login (the secret the services read) when it names them,
 * otherwise from the instance's endpoint.
 */
public class JdbcWriteProbe implements WriteProbe {

    private static final Logger LOG = LogManager.getLogger(JdbcWriteProbe.class);
    private static final String AUTHENTICATION_FAILED = "28P01";
    private static final String INVALID_AUTHORIZATION = "28000";

    private final SecretCredentials logins;
    private final Optional<String> probeTable;
    private final Duration timeout;
    private final Driver driver = new Driver();

    public JdbcWriteProbe(SecretCredentials logins, Optional<String> probeTable, Duration timeout) {
        this.logins = logins;
        this.probeTable = probeTable.map(JdbcWriteProbe::checkedTableName);
        this.timeout = timeout;
    }

    @Override
    public Result probe(DbEndpoint endpoint) {
        try {
            return probe(endpoint, logins.secret());
        } catch (SQLException e) {
            if (AUTHENTICATION_FAILED.equals(e.getSQLState()) || INVALID_AUTHORIZATION.equals(e.getSQLState())) {
                try {
                    logins.refresh();
                    return probe(endpoint, logins.secret());
                } catch (SQLException again) {
                    return failed(again);
                }
            }
            return failed(e);
        }
    }

    private Result probe(DbEndpoint endpoint, DatabaseSecret login) throws SQLException {
        String host = login.host() != null ? login.host() : endpoint.address();
        int port = login.port() != null ? login.port() : endpoint.port();
        String database = login.dbname() != null ? login.dbname()
                : endpoint.databaseName() != null ? endpoint.databaseName() : "postgres";
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        Properties properties = new Properties();
        properties.setProperty("user", login.username());
        properties.setProperty("password", login.password());
        properties.setProperty("connectTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        properties.setProperty("socketTimeout", String.valueOf(Math.max(1, timeout.toSeconds() * 2)));
        properties.setProperty("loginTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        properties.setProperty("ApplicationName", "exchange-recovery-write-probe");
        try (Connection connection = driver.connect(url, properties)) {
            if (connection == null) {
                return Result.notWritable("no PostgreSQL driver for " + url);
            }
            connection.setAutoCommit(false);
            try {
                return writeAndRollBack(connection, host + ":" + port + "/" + database);
            } finally {
                connection.rollback();
            }
        }
    }

    private Result writeAndRollBack(Connection connection, String where) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
            try (ResultSet recovery = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                recovery.next();
                if (recovery.getBoolean(1)) {
                    return Result.notWritable(where + " is a standby (in recovery)");
                }
            }
            String table = probeTable.orElse("recovery_write_probe");
            if (probeTable.isEmpty()) {
                statement.execute("CREATE TEMP TABLE recovery_write_probe (probe_id text PRIMARY KEY, probed_at timestamptz)"
                        + " ON COMMIT DROP");
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + table + " (probe_id, probed_at) VALUES (?, now())")) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.executeUpdate();
            }
            try (ResultSet xid = statement.executeQuery("SELECT txid_current()")) {
                xid.next();
                return Result.writable(where + " accepted a write (transaction " + xid.getLong(1) + ", rolled back)");
            }
        }
    }

    private static Result failed(SQLException e) {
        LOG.info("Write probe failed: SQLState {}", e.getSQLState());
        return Result.notWritable("SQLState " + e.getSQLState() + ": " + e.getMessage());
    }

    private static String checkedTableName(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new ConfigurationMissing("WRITE_PROBE_TABLE (not a plain [schema.]table name: " + name + ")");
        }
        return name;
    }
}
