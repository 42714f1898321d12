package exchange.recovery.cache;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The PostgreSQL database the cache is rebuilt from. A plain JDBC URL, user and password for now; the
 * password is asked for at each connection so that a rotated secret is picked up.
 */
public final class SourceDatabase {

    private final String jdbcUrl;
    private final String user;
    private final Supplier<String> password;

    public SourceDatabase(String jdbcUrl, String user, Supplier<String> password) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
    }

    public SourceDatabase(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, () -> password);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password.get());
    }

    /** The URL without credentials, for messages. */
    public String describe() {
        return jdbcUrl;
    }
}
