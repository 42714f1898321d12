package exchange.recovery.cache;

import exchange.recovery.core.RecoveryException;

/**
 * ElastiCache refused a request of ours (invalid parameters, quota, access denied): the configuration
 * or the permissions must change before a retry can succeed.
 */
public class ElastiCacheRequestRejected extends RecoveryException {

    public ElastiCacheRequestRejected(String message, Throwable cause) {
        super(message, cause);
    }
}
