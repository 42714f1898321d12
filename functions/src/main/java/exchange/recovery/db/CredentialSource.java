package exchange.recovery.db;

/**
 * Where {@link ExchangeDatabase} takes its credentials from: fixed ones (local runs), or a Secrets Manager
 * secret read once and read again only when the database rejects them (the secret was rotated).
 */
public interface CredentialSource {

    /** The credentials to use now, without any remote call. */
    DatabaseCredentials current();

    /** Called after the database rejected {@link #current()}: fetches them again where that can help. */
    default DatabaseCredentials refresh() {
        return current();
    }

    static CredentialSource fixed(DatabaseCredentials credentials) {
        return () -> credentials;
    }
}
