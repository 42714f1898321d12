package exchange.recovery.cache;

import exchange.recovery.core.TransientFailure;

/** PostgreSQL could not be reached or dropped the session (failover, restart, overload): retry. */
public class SourceUnavailable extends TransientFailure {

    public SourceUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
