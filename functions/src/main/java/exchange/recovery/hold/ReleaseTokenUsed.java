package exchange.recovery.hold;

import exchange.recovery.core.RecoveryException;

/** The single-use token offered for a release (an approval) already released a hold: nothing changed. */
public class ReleaseTokenUsed extends RecoveryException {

    public ReleaseTokenUsed(String message) {
        super(message);
    }
}
