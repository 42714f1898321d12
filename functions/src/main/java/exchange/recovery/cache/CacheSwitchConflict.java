package exchange.recovery.cache;

import exchange.recovery.core.TransientFailure;

/**
 * The version pointer changed between the start of this build and its switch, so this build is not
 * based on what readers see: nothing was switched. A retry builds again from the current state.
 */
public class CacheSwitchConflict extends TransientFailure {

    public CacheSwitchConflict(String message) {
        super(message);
    }
}
