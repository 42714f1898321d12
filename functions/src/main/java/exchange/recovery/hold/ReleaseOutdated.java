package exchange.recovery.hold;

import exchange.recovery.core.RecoveryException;

/** The release was authorised before the hold it would lift was placed: nothing changed. */
public class ReleaseOutdated extends RecoveryException {

    public ReleaseOutdated(String message) {
        super(message);
    }
}
