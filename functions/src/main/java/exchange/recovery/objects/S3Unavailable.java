package exchange.recovery.objects;

import exchange.recovery.core.TransientFailure;

/**
 * S3 throttled or failed the request (429, 5xx, connection error). Every step is idempotent per key,
 * so the state machine retries the whole step: keys already restored are skipped.
 */
public class S3Unavailable extends TransientFailure {

    public S3Unavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
