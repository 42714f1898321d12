package exchange.recovery.local.template;

import java.util.List;

/**
 * What {@link Intrinsics} asks when it meets a reference: the caller (a local stack, a test) knows the
 * parameter values, the physical ids and attributes of resources, and where the stack runs.
 *
 * <p>Errors are reported by throwing {@link TemplateException}; the resolver adds the path of the value.
 */
public interface ResolutionContext {

    /**
     * The value of {@code Ref name} for a parameter or a resource. SAM's {@code !Ref Function.Alias} and
     * {@code !Ref Function.Version} arrive as the name {@code "Function.Alias"} / {@code "Function.Version"}.
     * Pseudo parameters ({@code AWS::...}) never arrive here.
     */
    Object ref(String name);

    /** The value of {@code Fn::GetAtt [logicalId, attribute]}. */
    Object getAtt(String logicalId, String attribute);

    /** Whether the template's condition {@code name} holds (see {@link StackContext} for one that evaluates them). */
    boolean condition(String name);

    /** {@code AWS::Region}. */
    String region();

    /** {@code AWS::AccountId}. */
    String accountId();

    /** {@code AWS::StackName}. */
    String stackName();

    /** {@code AWS::Partition}: {@code aws}, {@code aws-cn} or {@code aws-us-gov} after the region. */
    default String partition() {
        String region = region();
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** {@code AWS::URLSuffix}. */
    default String urlSuffix() {
        return region().startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    /** {@code AWS::StackId}. */
    default String stackId() {
        return "arn:" + partition() + ":cloudformation:" + region() + ":" + accountId() + ":stack/" + stackName()
                + "/00000000-0000-0000-0000-000000000000";
    }

    /** {@code Fn::GetAZs region}: three zones named after the region unless the caller knows better. */
    default List<String> availabilityZones(String region) {
        return List.of(region + "a", region + "b", region + "c");
    }

    /** {@code Fn::FindInMap [map, topKey, secondKey]}. */
    default Object findInMap(String map, String topKey, String secondKey) {
        throw new TemplateException("Fn::FindInMap is not available in this context (no Mappings)");
    }

    /** {@code Fn::ImportValue exportName}: another stack's export. */
    default Object importValue(String exportName) {
        throw new TemplateException("Fn::ImportValue " + exportName + " cannot be resolved: no other stacks here");
    }
}
