package exchange.recovery.core;

/** A dependency did not answer as it should right now (throttling, timeouts, 5xx): retry later. */
public class TransientFailure extends RecoveryException {

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientFailure(String message) {
        super(message);
    }
}
