package exchange.recovery.local.template;

/** A {@link TemplateException} whose message already names the path of the value it is about. */
final class ValueException extends TemplateException {

    ValueException(String message) {
        super(message);
    }

    ValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
