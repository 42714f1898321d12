package exchange.recovery.cache;

import exchange.recovery.core.TransientFailure;

/**
 * Redis dropped the connection or did not answer in time (node failure, failover in progress). The
 * live version is untouched: the pointer only moves after a complete, verified build. Retry once the
 * cluster is healthy again; the next rebuild removes what this attempt left half-written.
 */
public class CacheUnavailable extends TransientFailure {

    public CacheUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
