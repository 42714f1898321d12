package exchange.recovery.core;

/**
 * Base of every named error a function raises. Lambda reports the exception's class name as the
 * error type, so state machines match these classes by name in Retry and Catch: subclasses of
 * {@link TransientFailure} are worth retrying, the others are final.
 */
public abstract class RecoveryException extends RuntimeException {

    protected RecoveryException(String message) {
        super(message);
    }

    protected RecoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
