package exchange.recovery.objects;

import exchange.recovery.core.RecoveryException;

/** The function's role may not do this on this bucket: a deployment error, not worth retrying. */
public class S3AccessDenied extends RecoveryException {

    public S3AccessDenied(String message, Throwable cause) {
        super(message, cause);
    }
}
