package exchange.recovery.report;

import java.util.Locale;

/**
 * What a plan's state does, read from its ASL type, its name and the resource it calls. The plan printer
 * (from the ASL) and the report (from the execution history) classify states with the same rules, so that
 * a gate or an approval is named the same way before, during and after a run.
 */
public enum StepKind {
    /** A Lambda task: one of our handlers. */
    LAMBDA("lambda"),
    /** A task whose name says it gates the next tier (integrity or health checks). */
    GATE("gate"),
    /** A callback task that waits for people to decide. */
    APPROVAL("approval"),
    /** Any other callback task ({@code .waitForTaskToken}): waits for an event or an operator. */
    CALLBACK("callback"),
    /** An SNS publish. */
    NOTIFY("notify"),
    /** A nested plan: a state machine started by this one. */
    PLAN("nested"),
    /** Another service integration. */
    TASK("task"),
    WAIT("wait"),
    CHOICE("choice"),
    PARALLEL("parallel"),
    MAP("map"),
    PASS("pass"),
    SUCCEED("succeed"),
    FAIL("fail");

    private final String label;

    StepKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * @param stateType the ASL type ({@code Task}, {@code Choice}...)
     * @param resourceType for a task, the service of its resource ({@code lambda}, {@code sns}, {@code states}...)
     * @param resource for a task, the action ({@code invoke}, {@code publish}, {@code invoke.waitForTaskToken}...)
     */
    public static StepKind classify(String stateType, String stateName, String resourceType, String resource) {
        String type = stateType == null ? "" : stateType.toLowerCase(Locale.ROOT);
        String name = stateName == null ? "" : stateName.toLowerCase(Locale.ROOT);
        String service = resourceType == null ? "" : resourceType.toLowerCase(Locale.ROOT);
        String action = resource == null ? "" : resource.toLowerCase(Locale.ROOT);
        switch (type) {
            case "wait": return WAIT;
            case "choice": return CHOICE;
            case "parallel": return PARALLEL;
            case "map": return MAP;
            case "pass": return PASS;
            case "succeed": return SUCCEED;
            case "fail": return FAIL;
            default: break;
        }
        boolean approval = name.contains("approv");
        if (action.endsWith("waitfortasktoken")) {
            return approval ? APPROVAL : CALLBACK;
        }
        if (service.equals("states") && action.startsWith("startexecution")) {
            return approval ? APPROVAL : PLAN;
        }
        if (service.equals("sns")) {
            return NOTIFY;
        }
        if (isGate(name)) {
            return GATE;
        }
        if (service.equals("lambda") || service.isEmpty() && action.contains(":function:")) {
            return LAMBDA;
        }
        return TASK;
    }

    static boolean isGate(String name) {
        return name.contains("gate") || name.contains("integrity") || name.contains("health");
    }

    /**
     * Splits a task's {@code Resource} ({@code arn:aws:states:::lambda:invoke},
     * {@code arn:aws:states:::aws-sdk:ecs:updateService}, a Lambda function ARN) into the service and the
     * action, as the execution history names them.
     */
    public static String[] resourceParts(String resourceArn) {
        if (resourceArn == null) {
            return new String[] {"", ""};
        }
        int integration = resourceArn.indexOf(":::");
        if (integration >= 0) {
            String rest = resourceArn.substring(integration + 3);
            if (rest.startsWith("aws-sdk:")) {
                int last = rest.lastIndexOf(':');
                return new String[] {rest.substring(0, last), rest.substring(last + 1)};
            }
            int colon = rest.indexOf(':');
            return colon < 0 ? new String[] {rest, ""} : new String[] {rest.substring(0, colon), rest.substring(colon + 1)};
        }
        if (resourceArn.contains(":function:") || resourceArn.contains("FunctionArn")) {
            return new String[] {"lambda", "invoke"};
        }
        if (resourceArn.contains(":activity:")) {
            return new String[] {"activity", "getActivityTask"};
        }
        return new String[] {"", resourceArn};
    }
}
