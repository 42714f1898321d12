package exchange.recovery.local.template;

import java.util.List;
import java.util.Map;

/**
 * A resource as the template writes it: {@code properties} hold long-form intrinsics and, for SAM
 * resources, are shown before {@code Globals} are merged (see {@link SamTemplate#functions()} for merged ones).
 *
 * @param condition the name of the condition that creates the resource, or null when it is always created
 */
public record Resource(String logicalId, String type, Map<String, Object> properties, String condition,
                       List<String> dependsOn) {

    public static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
    public static final String SERVERLESS_STATE_MACHINE = "AWS::Serverless::StateMachine";

    public Object property(String name) {
        return properties.get(name);
    }

    /** The properties with every intrinsic resolved; an unsupported one is reported with its path. */
    public Map<String, Object> resolvedProperties(ResolutionContext context) {
        return Values.map(Intrinsics.resolve(properties, context, "Resources." + logicalId + ".Properties"),
                "Resources." + logicalId + ".Properties");
    }
}
