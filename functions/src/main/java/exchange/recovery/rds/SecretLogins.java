package exchange.recovery.rds;

import java.util.concurrent.atomic.AtomicReference;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads a database login from Secrets Manager once, and again when the database rejects it (rotation). */
public class SecretLogins {

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final AtomicReference<DatabaseLogin> cached = new AtomicReference<>();

    public SecretLogins(SecretsManagerClient secrets, String secretId) {
        this.secrets = secrets;
        this.secretId = secretId;
    }

    public DatabaseLogin current() {
        DatabaseLogin login = cached.get();
        return login != null ? login : refresh();
    }

    public DatabaseLogin refresh() {
        try {
            DatabaseLogin login = DatabaseLogin.parse(
                    secrets.getSecretValue(r -> r.secretId(secretId)).secretString(), secretId);
            cached.set(login);
            return login;
        } catch (SdkException e) {
            throw new TransientFailure("Could not read database secret " + secretId + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
