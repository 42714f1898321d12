package exchange.recovery.hold;

import exchange.recovery.core.InvalidInput;

/** A hold or release asked with input out of bounds (unknown flag, malformed holder, over-long reason): nothing changed. */
public class InvalidHold extends InvalidInput {

    public InvalidHold(String message) {
        super(message);
    }
}
