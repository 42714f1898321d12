package exchange.recovery.integrity;

import exchange.recovery.core.InvalidInput;

/** A reopen request that names no usable incident or another tier than the trading APIs: nothing was changed. */
public class InvalidReopenInput extends InvalidInput {

    public InvalidReopenInput(String message) {
        super(message);
    }
}
