package exchange.recovery.core;

/** The request itself is wrong (malformed, incomplete, out of range): retrying cannot help. */
public class InvalidInput extends RecoveryException {

    public InvalidInput(String message) {
        super(message);
    }
}
