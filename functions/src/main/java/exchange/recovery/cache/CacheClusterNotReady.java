package exchange.recovery.cache;

import exchange.recovery.core.TransientFailure;

/**
 * The replication group did not become healthy within the wait this invocation allows (creation and
 * failover take minutes). What was needed has been requested; calling again waits for it.
 */
public class CacheClusterNotReady extends TransientFailure {

    public CacheClusterNotReady(String message) {
        super(message);
    }
}
