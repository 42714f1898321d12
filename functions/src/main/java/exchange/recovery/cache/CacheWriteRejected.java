package exchange.recovery.cache;

import exchange.recovery.core.RecoveryException;

/**
 * Redis answered a write with an error (typically OOM under {@code maxmemory}, or a read-only replica):
 * retrying the same build will not help until the cluster is resized or reconfigured.
 */
public class CacheWriteRejected extends RecoveryException {

    public CacheWriteRejected(String message) {
        super(message);
    }
}
