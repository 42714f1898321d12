package exchange.recovery.cache;

import exchange.recovery.core.TransientFailure;

/**
 * This rebuild stopped renewing its lease in time (or the lease key vanished) and another rebuild may
 * have started: this one stops without switching anything. Safe to retry.
 */
public class RebuildLeaseLost extends TransientFailure {

    public RebuildLeaseLost(String message) {
        super(message);
    }
}
