package exchange.recovery.rds;

import exchange.recovery.core.TransientFailure;

/** RDS did not answer in time or answered with a server error: retry with backoff. */
public class RdsUnavailable extends TransientFailure {

    public RdsUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
