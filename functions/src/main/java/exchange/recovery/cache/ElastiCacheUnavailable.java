package exchange.recovery.cache;

import exchange.recovery.core.TransientFailure;

/** The ElastiCache API throttled us, failed on its side or could not be reached: retry. */
public class ElastiCacheUnavailable extends TransientFailure {

    public ElastiCacheUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
