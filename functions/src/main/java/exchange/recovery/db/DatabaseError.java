package exchange.recovery.db;

import exchange.recovery.core.RecoveryException;

/** The database answered with an error that retrying will not fix (a missing table, a failed statement...). */
public class DatabaseError extends RecoveryException {

    public DatabaseError(String message, Throwable cause) {
        super(message, cause);
    }
}
