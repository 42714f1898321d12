package exchange.recovery.rds;

import exchange.recovery.core.RecoveryException;

/**
 * RDS refused a request for a reason that retrying cannot fix (invalid state or parameter, quota,
 * access denied). The message carries RDS's error code and message. Final.
 */
public class RdsRequestRejected extends RecoveryException {

    public RdsRequestRejected(String message, Throwable cause) {
        super(message, cause);
    }
}
