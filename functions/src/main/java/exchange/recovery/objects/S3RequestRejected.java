package exchange.recovery.objects;

import exchange.recovery.core.RecoveryException;

/** S3 refused the request as invalid (4xx other than 403/404/429): retrying the same request cannot help. */
public class S3RequestRejected extends RecoveryException {

    public S3RequestRejected(String message, Throwable cause) {
        super(message, cause);
    }
}
