package exchange.recovery.local.template;

import java.util.List;

/**
 * A template parameter: what a deployment supplies for a resource this stack does not own.
 *
 * @param defaultValue  the {@code Default}, as YAML typed it (a number stays a number), or null
 * @param allowedValues the {@code AllowedValues}, empty when any value is allowed
 */
public record Parameter(String name, String type, Object defaultValue, List<Object> allowedValues,
                        String allowedPattern, String description, boolean noEcho) {

    public boolean hasDefault() {
        return defaultValue != null;
    }
}
