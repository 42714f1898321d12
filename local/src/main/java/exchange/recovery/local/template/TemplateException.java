package exchange.recovery.local.template;

import exchange.recovery.local.LocalRuntimeException;

/** The template cannot be read, or a value in it cannot be resolved; the message names the file or the path. */
public class TemplateException extends LocalRuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
