package exchange.recovery.hold;

import exchange.recovery.core.TransientFailure;

/** The flag kept changing under this change (other writers won every compare-and-set): nothing written; retry. */
public class HoldConflict extends TransientFailure {

    public HoldConflict(String message) {
        super(message);
    }
}
