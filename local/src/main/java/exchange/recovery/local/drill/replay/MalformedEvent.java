package exchange.recovery.local.drill.replay;

import exchange.recovery.local.LocalRuntimeException;

/** A file given to {@code drill replay} is not an EventBridge event; nothing was started. */
public class MalformedEvent extends LocalRuntimeException {

    public MalformedEvent(String message) {
        super(message);
    }
}
