package exchange.recovery.rds;

import exchange.recovery.core.TransientFailure;

/**
 * The failover was requested but, within this invocation's deadline, the instance was not yet
 * available or did not yet accept writes. Transient: invoking the failover step again for the same
 * incident resumes the verification and never requests a second failover.
 */
public class FailoverNotVerified extends TransientFailure {

    public FailoverNotVerified(String message) {
        super(message);
    }
}
