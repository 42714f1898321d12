package exchange.recovery.cache;

import exchange.recovery.core.TransientFailure;

/**
 * Another rebuild holds the rebuild lease. Its lease expires unless it keeps renewing it, so a retry
 * after the lease time either finds the other rebuild finished or takes over from a dead one.
 */
public class RebuildInProgress extends TransientFailure {

    public RebuildInProgress(String message) {
        super(message);
    }
}
