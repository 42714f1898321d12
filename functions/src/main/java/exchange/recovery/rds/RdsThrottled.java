package exchange.recovery.rds;

import exchange.recovery.core.TransientFailure;

/** RDS throttled the request: retry with backoff. */
public class RdsThrottled extends TransientFailure {

    public RdsThrottled(String message, Throwable cause) {
        super(message, cause);
    }
}
