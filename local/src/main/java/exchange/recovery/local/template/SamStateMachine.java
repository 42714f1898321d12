package exchange.recovery.local.template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code AWS::Serverless::StateMachine} (with {@code Globals.StateMachine} merged).
 *
 * @param definitionPath the local ASL file named by {@code DefinitionUri}, resolved against the template's
 *                       directory; empty when the definition is inline or in S3
 */
public record SamStateMachine(String logicalId, Map<String, Object> properties, String condition,
                              Optional<Path> definitionPath) {

    private String at(String property) {
        return "Resources." + logicalId + ".Properties." + property;
    }

    public Object property(String name) {
        return properties.get(name);
    }

    /** {@code DefinitionUri} as written: a path, an {@code s3://} URI or a Bucket/Key mapping. */
    public Object definitionUri() {
        return properties.get("DefinitionUri");
    }

    /** An inline {@code Definition}, or null when the definition is in a file. */
    public Object definition() {
        return properties.get("Definition");
    }

    /** {@code DefinitionSubstitutions} with their values unresolved (intrinsics as written). */
    public Map<String, Object> definitionSubstitutions() {
        return Values.map(properties.get("DefinitionSubstitutions"), at("DefinitionSubstitutions"));
    }

    public Map<String, Object> events() {
        return Values.map(properties.get("Events"), at("Events"));
    }

    /** {@code Policies} as a list: SAM accepts a single policy as well. */
    public List<Object> policies() {
        return Values.listOrSingle(properties.get("Policies"));
    }

    public Map<String, Object> logging() {
        return Values.map(properties.get("Logging"), at("Logging"));
    }

    public Map<String, Object> tracing() {
        return Values.map(properties.get("Tracing"), at("Tracing"));
    }

    /** {@code STANDARD} (SAM's default) or {@code EXPRESS}, or an intrinsic. */
    public Object type() {
        return properties.getOrDefault("Type", "STANDARD");
    }
}
