package exchange.recovery.objects;

import exchange.recovery.core.RecoveryException;

/** A batch, verification or undo names a restore whose plan is not in the manifest bucket. */
public class RestoreNotFound extends RecoveryException {

    public RestoreNotFound(String message) {
        super(message);
    }
}
