package exchange.recovery.db;

import exchange.recovery.core.RecoveryException;

/**
 * The database answered but refused us: wrong credentials, a database that does not exist, missing
 * privileges. Retrying the same call cannot help; the configuration or the target must change.
 */
public class DatabaseAccessDenied extends RecoveryException {

    public DatabaseAccessDenied(String message, Throwable cause) {
        super(message, cause);
    }
}
