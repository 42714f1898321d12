package exchange.recovery.local.template;

import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::Serverless::Function} with {@code Globals.Function} merged into its properties as SAM
 * merges them: plain values set on the function win, mappings merge key by key (so environment variables
 * from both places are present), lists are concatenated (globals first).
 *
 * <p>Accessors return the merged values as written, intrinsics included; resolve them with {@link Intrinsics}.
 */
public record SamFunction(String logicalId, Map<String, Object> properties, String condition) {

    private String at(String property) {
        return "Resources." + logicalId + ".Properties." + property;
    }

    public Object property(String name) {
        return properties.get(name);
    }

    /** {@code Handler}, e.g. {@code exchange.recovery.incident.OpenIncidentHandler::handleRequest}. */
    public String handler() {
        return Values.string(properties.get("Handler"), at("Handler"));
    }

    /** The class part of the handler (before {@code ::}), or null when there is no handler. */
    public String handlerClass() {
        String handler = handler();
        return handler == null ? null : handler.split("::", 2)[0];
    }

    /** The method part of the handler (after {@code ::}), or null when the handler names only a class. */
    public String handlerMethod() {
        String handler = handler();
        return handler == null || !handler.contains("::") ? null : handler.substring(handler.indexOf("::") + 2);
    }

    public String runtime() {
        return Values.string(properties.get("Runtime"), at("Runtime"));
    }

    public Object codeUri() {
        return properties.get("CodeUri");
    }

    public Object memorySize() {
        return properties.get("MemorySize");
    }

    public Object timeout() {
        return properties.get("Timeout");
    }

    public Object tracing() {
        return properties.get("Tracing");
    }

    /** {@code Environment.Variables}, globals and the function's own merged key by key. */
    public Map<String, Object> environment() {
        return Values.map(Values.map(properties.get("Environment"), at("Environment")).get("Variables"),
                at("Environment.Variables"));
    }

    public List<Object> architectures() {
        return Values.listOrSingle(properties.get("Architectures"));
    }

    public Object autoPublishAlias() {
        return properties.get("AutoPublishAlias");
    }

    public Map<String, Object> snapStart() {
        return Values.map(properties.get("SnapStart"), at("SnapStart"));
    }

    public Map<String, Object> loggingConfig() {
        return Values.map(properties.get("LoggingConfig"), at("LoggingConfig"));
    }

    /** {@code Policies} as a list: SAM accepts a single policy as well. */
    public List<Object> policies() {
        return Values.listOrSingle(properties.get("Policies"));
    }

    public Map<String, Object> events() {
        return Values.map(properties.get("Events"), at("Events"));
    }
}
