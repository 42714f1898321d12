package exchange.recovery.wallet;

import java.sql.DriverManager;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;
import exchange.recovery.core.Json;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Connections to the wallet database: in AWS from an RDS-style secret ({@code host, port, username,
 * password, dbname}) named by {@code WALLET_DB_SECRET_ARN} and read once at init; locally from
 * {@code WALLET_DB_URL}, {@code WALLET_DB_USER} and {@code WALLET_DB_PASSWORD}.
 */
public final class WalletDatabase {

    private WalletDatabase() {
    }

    public static ConnectionSource fromEnv(Env env, SecretsManagerClient secrets) {
        var url = env.find("WALLET_DB_URL");
        if (url.isPresent()) {
            return connect(url.get(), env.get("WALLET_DB_USER", "postgres"), env.get("WALLET_DB_PASSWORD", ""));
        }
        String secretId = env.find("WALLET_DB_SECRET_ARN")
                .orElseThrow(() -> new ConfigurationMissing("WALLET_DB_SECRET_ARN or WALLET_DB_URL"));
        JsonNode secret;
        try {
            secret = Json.read(secrets.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build()).secretString());
        } catch (SdkException e) {
            throw new TransientFailure("Could not read the wallet database secret", e);
        }
        String jdbcUrl = "jdbc:postgresql://" + secret.path("host").asText() + ":" + secret.path("port").asInt(5432) + "/"
                + secret.path("dbname").asText("exchange") + "?sslmode=require";
        return connect(jdbcUrl, secret.path("username").asText(), secret.path("password").asText());
    }

    public static ConnectionSource connect(String jdbcUrl, String user, String password) {
        return () -> {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            properties.setProperty("ApplicationName", "exchange-recovery-reconciliation");
            return DriverManager.getConnection(jdbcUrl, properties);
        };
    }
}
