package exchange.recovery.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import org.postgresql.Driver;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.RecoveryException;
import exchange.recovery.core.TransientFailure;

/**
 * Connections to the exchange's PostgreSQL: the primary named by configuration, or another instance of the
 * same database (a restored copy) named by a request. Built once per execution environment and shared by
 * every capability that reads the exchange's data (integrity checks, wallet reconciliation, cache rebuilds).
 *
 * <p>Configuration ({@link #fromEnvironment}): {@code EXCHANGE_DB_URL} (a {@code jdbc:postgresql://} URL;
 * optional when the secret names the host), {@code EXCHANGE_DB_SECRET_ARN} (a secret in the RDS format), or
 * {@code EXCHANGE_DB_USER} / {@code EXCHANGE_DB_PASSWORD} for local runs; {@code EXCHANGE_DB_SSLMODE},
 * {@code EXCHANGE_DB_CONNECT_TIMEOUT_SECONDS}, {@code EXCHANGE_DB_SOCKET_TIMEOUT_SECONDS} and
 * {@code EXCHANGE_DB_ALLOWED_HOSTS} (extra hosts or {@code .domain} suffixes that a request may name).
 *
 * <p>A request may name another host only when it is the primary's host, shares the primary's parent
 * domain (for RDS: the same account and region) or is allowed explicitly: the credentials are sent to it.
 */
public class ExchangeDatabase {

    /** The target name for the configured database. */
    public static final String PRIMARY = "primary";

    private final JdbcEndpoint primary;
    private final CredentialSource credentials;
    private final Options options;
    private final Driver driver = new Driver();

    /**
     * Connection settings beside the endpoint and credentials.
     *
     * @param sslMode PostgreSQL {@code sslmode}, or null to leave the URL's or the driver's default
     * @param allowedHosts hosts, or suffixes starting with a dot, that requests may name besides the primary's domain
     */
    public record Options(Duration connectTimeout, Duration socketTimeout, String sslMode, String applicationName,
                          List<String> allowedHosts) {

        public Options {
            allowedHosts = allowedHosts.stream().map(host -> host.trim().toLowerCase(Locale.ROOT)).filter(host -> !host.isEmpty()).toList();
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofMinutes(5), null, "exchange-recovery", List.of());
        }

        public Options withApplicationName(String name) {
            return new Options(connectTimeout, socketTimeout, sslMode, name, allowedHosts);
        }
    }

    public ExchangeDatabase(JdbcEndpoint primary, CredentialSource credentials, Options options) {
        this.primary = primary;
        this.credentials = credentials;
        this.options = options;
    }

    /** Reads the configuration once; reads the secret, when one is configured, now. */
    public static ExchangeDatabase fromEnvironment(Env env, AwsClients clients) {
        Optional<DatabaseSecret> secret = Optional.empty();
        CredentialSource credentials;
        Optional<String> user = env.find("EXCHANGE_DB_USER");
        if (user.isPresent()) {
            credentials = CredentialSource.fixed(new DatabaseCredentials(user.get(), env.get("EXCHANGE_DB_PASSWORD", "")));
        } else {
            String secretArn = env.find("EXCHANGE_DB_SECRET_ARN").orElseThrow(() -> new ConfigurationMissing(
                    "EXCHANGE_DB_SECRET_ARN (or EXCHANGE_DB_USER and EXCHANGE_DB_PASSWORD)"));
            SecretCredentials fromSecret = new SecretCredentials(clients.secretsManager(), secretArn);
            secret = Optional.of(fromSecret.secret());
            credentials = fromSecret;
        }
        Optional<DatabaseSecret> described = secret;
        String url = env.find("EXCHANGE_DB_URL").orElseGet(() -> described.flatMap(DatabaseSecret::jdbcUrl)
                .orElseThrow(() -> new ConfigurationMissing("EXCHANGE_DB_URL (the database secret names no host)")));
        JdbcEndpoint primary;
        try {
            primary = JdbcEndpoint.parse(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationMissing("EXCHANGE_DB_URL (" + e.getMessage() + ")");
        }
        Options options = new Options(
                Duration.ofSeconds(env.getInt("EXCHANGE_DB_CONNECT_TIMEOUT_SECONDS", 10)),
                Duration.ofSeconds(env.getInt("EXCHANGE_DB_SOCKET_TIMEOUT_SECONDS", 300)),
                env.find("EXCHANGE_DB_SSLMODE").orElse(null),
                "exchange-recovery",
                Arrays.asList(env.get("EXCHANGE_DB_ALLOWED_HOSTS", "").split(",")));
        return new ExchangeDatabase(primary, credentials, options);
    }

    public JdbcEndpoint primary() {
        return primary;
    }

    public Options options() {
        return options;
    }

    /** The same database and credentials with other options. */
    public ExchangeDatabase withOptions(Options other) {
        return new ExchangeDatabase(primary, credentials, other);
    }

    /** The same database, connecting under a capability's own application name (seen in pg_stat_activity). */
    public ExchangeDatabase withApplicationName(String name) {
        return withOptions(options.withApplicationName(name));
    }

    /**
     * Resolves a request's target: {@code null}, blank or {@value #PRIMARY} is the configured database;
     * otherwise {@code jdbc:postgresql://host[:port]/database} or an instance endpoint {@code host[:port][/database]}.
     *
     * @throws InvalidInput for any other text, or a host the credentials may not be sent to
     */
    public JdbcEndpoint resolve(String target) {
        if (target == null || target.isBlank() || PRIMARY.equalsIgnoreCase(target.trim())) {
            return primary;
        }
        JdbcEndpoint endpoint = JdbcEndpoint.parseOverride(target, primary).orElseThrow(() -> new InvalidInput(
                "database must be \"primary\", jdbc:postgresql://host[:port]/database or host[:port][/database] "
                        + "(no URL parameters)"));
        if (!mayConnectTo(endpoint.host())) {
            throw new InvalidInput("database host " + endpoint.host() + " is neither in the primary's domain nor in "
                    + "EXCHANGE_DB_ALLOWED_HOSTS");
        }
        return endpoint;
    }

    /** Connects to a target named as {@link #resolve(String)} reads it. */
    public Connection connect(String target) {
        return connect(resolve(target));
    }

    /**
     * Opens a connection (auto-commit on). When the credentials are rejected, they are fetched again once.
     *
     * @throws TransientFailure when the server cannot be reached or is not accepting connections
     * @throws DatabaseAccessDenied when the server refuses the credentials or the database does not exist
     */
    public Connection connect(JdbcEndpoint endpoint) {
        DatabaseCredentials used = credentials.current();
        try {
            return open(endpoint, used);
        } catch (SQLException e) {
            if (SqlErrors.isAuthenticationFailure(e)) {
                DatabaseCredentials fresh = credentials.refresh();
                if (!fresh.equals(used)) {
                    try {
                        return open(endpoint, fresh);
                    } catch (SQLException again) {
                        throw failure(endpoint, again);
                    }
                }
            }
            throw failure(endpoint, e);
        }
    }

    private Connection open(JdbcEndpoint endpoint, DatabaseCredentials login) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", login.user());
        properties.setProperty("password", login.password());
        properties.setProperty("connectTimeout", String.valueOf(Math.max(1, options.connectTimeout().toSeconds())));
        properties.setProperty("loginTimeout", String.valueOf(Math.max(1, options.connectTimeout().toSeconds())));
        properties.setProperty("socketTimeout", String.valueOf(options.socketTimeout().toSeconds()));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", options.applicationName());
        if (options.sslMode() != null) {
            properties.setProperty("sslmode", options.sslMode());
        }
        Connection connection = driver.connect(endpoint.url(), properties);
        if (connection == null) {
            throw new ConfigurationMissing("a PostgreSQL URL (the driver does not accept " + endpoint.describe() + ")");
        }
        return connection;
    }

    private static RecoveryException failure(JdbcEndpoint endpoint, SQLException e) {
        String what = "Cannot connect to " + endpoint.describe();
        if (SqlErrors.isAccessDenied(e)) {
            return SqlErrors.translate(what, e);
        }
        // Whatever else stops a connection (refused, timed out, server starting) may pass: retry.
        return new TransientFailure(what + ": " + SqlErrors.describe(e), e);
    }

    private boolean mayConnectTo(String host) {
        if (host.equals(primary.host())) {
            return true;
        }
        if (primary.parentDomain().filter(domain -> host.endsWith("." + domain)).isPresent()) {
            return true;
        }
        return options.allowedHosts().stream().anyMatch(allowed -> allowed.startsWith(".") ? host.endsWith(allowed) : host.equals(allowed));
    }
}
