package exchange.recovery.objects;

import exchange.recovery.core.InvalidInput;

/** The restore request is wrong (unknown bucket, time in the future, malformed option): nothing is changed. */
public class InvalidObjectRestoreInput extends InvalidInput {

    public InvalidObjectRestoreInput(String message) {
        super(message);
    }
}
