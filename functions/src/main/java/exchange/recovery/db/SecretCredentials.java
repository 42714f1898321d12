package exchange.recovery.db;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Credentials from a Secrets Manager secret in the RDS format, read once when the function initialises
 * (or at first use, {@link #readOnFirstUse}) and kept; read again only when the database rejects them,
 * which is what a rotation looks like.
 */
public class SecretCredentials implements CredentialSource {

    private static final Logger LOG = LogManager.getLogger(SecretCredentials.class);

    private final SecretsManagerClient secretsManager;
    private final String secretId;
    private volatile DatabaseSecret secret;

    public SecretCredentials(SecretsManagerClient secretsManager, String secretId) {
        this(secretsManager, secretId, true);
    }

    private SecretCredentials(SecretsManagerClient secretsManager, String secretId, boolean readNow) {
        this.secretsManager = secretsManager;
        this.secretId = secretId;
        this.secret = readNow ? read() : null;
    }

    /**
     * Credentials read at their first use rather than when the function initialises: for functions whose
     * main work does not need the database (a failover must not wait on, or fail for, Secrets Manager).
     */
    public static SecretCredentials readOnFirstUse(SecretsManagerClient secretsManager, String secretId) {
        return new SecretCredentials(secretsManager, secretId, false);
    }

    public DatabaseSecret secret() {
        DatabaseSecret known = secret;
        if (known == null) {
            known = read();
            secret = known;
        }
        return known;
    }

    @Override
    public DatabaseCredentials current() {
        return secret().credentials();
    }

    @Override
    public DatabaseCredentials refresh() {
        LOG.info("Database rejected the cached credentials; reading secret {} again", secretId);
        DatabaseSecret fresh = read();
        secret = fresh;
        return fresh.credentials();
    }

    private DatabaseSecret read() {
        try {
            String json = secretsManager.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build()).secretString();
            if (json == null) {
                throw new ConfigurationMissing("database secret " + secretId + " (no SecretString)");
            }
            return DatabaseSecret.parse(json, secretId);
        } catch (AwsServiceException e) {
            if (e.statusCode() < 500 && !e.isThrottlingException()) {
                throw new ConfigurationMissing("database secret " + secretId + " (" + e.awsErrorDetails().errorCode() + ")");
            }
            throw new TransientFailure("Cannot read database secret " + secretId + ": " + e.awsErrorDetails().errorCode(), e);
        } catch (SdkException e) {
            throw new TransientFailure("Cannot read database secret " + secretId + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
