package exchange.recovery.wallet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import exchange.recovery.db.ExchangeDatabase;

/** Opens a connection to the wallet database; the caller closes it. */
@FunctionalInterface
public interface ConnectionSource {

    Connection open() throws SQLException;

    /** The exchange database's primary, with its configured credentials (the Lambda's configuration). */
    static ConnectionSource primaryOf(ExchangeDatabase database) {
        return () -> database.connect(ExchangeDatabase.PRIMARY);
    }

    /** A fixed URL and user, for local runs, tests and the benchmark. */
    static ConnectionSource of(String jdbcUrl, String user, String password) {
        return () -> {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            properties.setProperty("ApplicationName", "exchange-recovery-reconciliation");
            return DriverManager.getConnection(jdbcUrl, properties);
        };
    }
}
