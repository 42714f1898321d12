package exchange.recovery.db;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Json;

/**
 * The JSON that RDS and its rotation functions keep in a Secrets Manager secret:
 * {@code {"username","password","engine","host","port","dbname"}}. A secret that RDS manages for the master
 * user holds only username and password; the URL then comes from {@code EXCHANGE_DB_URL}.
 */
public record DatabaseSecret(String username, String password, String host, Integer port, String dbname) {

    /** Reads the secret's JSON; errors never quote it, since it holds a password. */
    public static DatabaseSecret parse(String json, String secretId) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new ConfigurationMissing("database secret " + secretId + " (not a JSON object)");
        }
        if (node == null || !node.isObject()) {
            throw new ConfigurationMissing("database secret " + secretId + " (not a JSON object)");
        }
        String username = text(node, "username").orElseThrow(
                () -> new ConfigurationMissing("username in database secret " + secretId));
        String password = text(node, "password").orElseThrow(
                () -> new ConfigurationMissing("password in database secret " + secretId));
        Integer port = text(node, "port").map(value -> {
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                throw new ConfigurationMissing("port in database secret " + secretId + " (not a number)");
            }
        }).orElse(null);
        return new DatabaseSecret(username, password, text(node, "host").orElse(null), port, text(node, "dbname").orElse(null));
    }

    public DatabaseCredentials credentials() {
        return new DatabaseCredentials(username, password);
    }

    /** The URL the secret describes, when it names a host; the database defaults to {@code postgres}. */
    public Optional<String> jdbcUrl() {
        if (host == null) {
            return Optional.empty();
        }
        return Optional.of("jdbc:postgresql://" + host + ":" + (port == null ? JdbcEndpoint.DEFAULT_PORT : port) + "/"
                + (dbname == null ? "postgres" : dbname));
    }

    @Override
    public String toString() {
        return "DatabaseSecret[username=" + username + ", password=****, host=" + host + ", port=" + port + ", dbname=" + dbname + "]";
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText());
    }
}
