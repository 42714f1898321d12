package exchange.recovery.db;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PostgreSQL endpoint: host, port, database and the connection parameters of the configured URL
 * (for example {@code sslmode} and {@code sslrootcert}). {@link #describe()} names it without any parameter.
 */
public record JdbcEndpoint(String host, int port, String database, String parameters) {

    public static final int DEFAULT_PORT = 5432;

    private static final String HOST = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*";
    private static final String DATABASE = "[A-Za-z_][A-Za-z0-9_$-]{0,62}";
    private static final Pattern CONFIGURED_URL = Pattern.compile(
            "jdbc:postgresql://([^/:?#,\\[\\]]+)(?::(\\d{1,5}))?/([^/?#]+)(?:\\?(.*))?");
    private static final Pattern STRICT_URL = Pattern.compile(
            "jdbc:postgresql://(" + HOST + ")(?::(\\d{1,5}))?/(" + DATABASE + ")");
    private static final Pattern ENDPOINT = Pattern.compile("(" + HOST + ")(?::(\\d{1,5}))?(?:/(" + DATABASE + "))?");

    public JdbcEndpoint {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        host = host.toLowerCase(Locale.ROOT);
        parameters = parameters == null ? "" : parameters;
    }

    /**
     * Parses a configured URL {@code jdbc:postgresql://host[:port]/database[?parameters]} (one host only).
     *
     * @throws IllegalArgumentException when the URL has another shape
     */
    public static JdbcEndpoint parse(String url) {
        Matcher matcher = CONFIGURED_URL.matcher(url.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL");
        }
        return new JdbcEndpoint(matcher.group(1), port(matcher.group(2), DEFAULT_PORT), matcher.group(3), matcher.group(4));
    }

    /**
     * Reads a target given in a request: {@code jdbc:postgresql://host[:port]/database} (no parameters: those
     * of {@code defaults} apply) or an instance endpoint {@code host[:port][/database]}, the missing parts
     * taken from {@code defaults}. Empty when the text has neither shape.
     */
    public static Optional<JdbcEndpoint> parseOverride(String text, JdbcEndpoint defaults) {
        String value = text.trim();
        Matcher url = STRICT_URL.matcher(value);
        if (url.matches()) {
            return endpoint(url.group(1), url.group(2), url.group(3), defaults);
        }
        Matcher endpoint = ENDPOINT.matcher(value);
        if (endpoint.matches()) {
            return endpoint(endpoint.group(1), endpoint.group(2), endpoint.group(3), defaults);
        }
        return Optional.empty();
    }

    public String url() {
        String base = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        return parameters.isEmpty() ? base : base + "?" + parameters;
    }

    /** host:port/database, safe for reports and logs. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }

    /** The host without its first label ({@code abc.eu-west-1.rds.amazonaws.com} for an RDS endpoint). */
    Optional<String> parentDomain() {
        if (host.matches("[0-9.]+") || host.chars().filter(c -> c == '.').count() < 2) {
            return Optional.empty();
        }
        return Optional.of(host.substring(host.indexOf('.') + 1));
    }

    private static Optional<JdbcEndpoint> endpoint(String host, String port, String database, JdbcEndpoint defaults) {
        int number = port(port, defaults.port());
        if (number < 1 || number > 65535) {
            return Optional.empty();
        }
        return Optional.of(new JdbcEndpoint(host, number, database == null ? defaults.database() : database, defaults.parameters()));
    }

    private static int port(String text, int fallback) {
        return text == null ? fallback : Integer.parseInt(text);
    }
}
