package exchange.recovery.local.deploy;

import java.util.List;
import java.util.Map;

import exchange.recovery.local.LocalRuntimeException;

/**
 * What a local deployment created: the physical id ({@code Ref} value) of every resource, the ARNs,
 * the stack's outputs, and the resources that have no local counterpart.
 */
public record DeployedStack(String stackName, Map<String, String> physicalIds, Map<String, String> arns,
                            Map<String, String> functionNames, Map<String, String> outputs, List<String> notEmulated) {

    public String physicalId(String logicalId) {
        String id = physicalIds.get(logicalId);
        if (id == null) {
            throw new LocalRuntimeException("The stack has no resource " + logicalId + " (or it was not created)");
        }
        return id;
    }

    public String arn(String logicalId) {
        String arn = arns.get(logicalId);
        if (arn == null) {
            throw new LocalRuntimeException("The stack has no ARN for " + logicalId);
        }
        return arn;
    }

    /** The state machine's ARN. */
    public String stateMachine(String logicalId) {
        return arn(logicalId);
    }

    public String functionName(String logicalId) {
        String name = functionNames.get(logicalId);
        if (name == null) {
            throw new LocalRuntimeException("The stack has no function " + logicalId);
        }
        return name;
    }

    public String output(String name) {
        String value = outputs.get(name);
        if (value == null) {
            throw new LocalRuntimeException("The stack has no output " + name);
        }
        return value;
    }
}
