package exchange.recovery.local;

/** The local runtime could not start or drive one of its components; the message says which and why. */
public class LocalRuntimeException extends RuntimeException {

    public LocalRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }

    public LocalRuntimeException(String message) {
        super(message);
    }
}
