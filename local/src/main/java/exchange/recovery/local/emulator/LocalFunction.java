package exchange.recovery.local.emulator;

import java.time.Duration;
import java.util.Map;

/**
 * A function as template.yaml declares it: its name, handler ("class::method"), environment and timeout.
 */
public record LocalFunction(String name, String handler, Map<String, String> environment, Duration timeout) {

    public LocalFunction {
        environment = Map.copyOf(environment);
    }

    public String handlerClass() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }
}
