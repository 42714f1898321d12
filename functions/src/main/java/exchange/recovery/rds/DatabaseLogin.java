package exchange.recovery.rds;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Json;

/**
 * A login as kept in an RDS-format Secrets Manager secret:
 * {@code {"username","password","host"?,"port"?,"dbname"?}}. {@link #toString()} hides the password.
 */
public record DatabaseLogin(String username, String password, String host, Integer port, String dbname) {

    /** Reads the secret's JSON; errors never quote it, since it holds a password. */
    public static DatabaseLogin parse(String json, String secretId) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new ConfigurationMissing("database secret " + secretId + " (not a JSON object)");
        }
        if (node == null || !node.isObject()) {
            throw new ConfigurationMissing("database secret " + secretId + " (not a JSON object)");
        }
        String username = text(node, "username")
                .orElseThrow(() -> new ConfigurationMissing("username in database secret " + secretId));
        String password = text(node, "password").orElse("");
        Integer port = text(node, "port").map(value -> {
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                throw new ConfigurationMissing("port in database secret " + secretId + " (not a number)");
            }
        }).orElse(null);
        return new DatabaseLogin(username, password, text(node, "host").orElse(null), port, text(node, "dbname").orElse(null));
    }

    @Override
    public String toString() {
        return "DatabaseLogin[username=" + username + ", password=****, host=" + host + ", port=" + port + ", dbname=" + dbname + "]";
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText());
    }
}
