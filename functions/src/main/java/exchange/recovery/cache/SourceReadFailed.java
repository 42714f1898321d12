package exchange.recovery.cache;

import exchange.recovery.core.RecoveryException;

/** PostgreSQL rejected a query of the rebuild (schema or permission problem): retrying cannot help. */
public class SourceReadFailed extends RecoveryException {

    public SourceReadFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
