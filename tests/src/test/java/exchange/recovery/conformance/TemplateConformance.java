package exchange.recovery.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import exchange.recovery.local.template.Intrinsics;
import exchange.recovery.local.template.Resource;
import exchange.recovery.local.template.SamFunction;
import exchange.recovery.local.template.SamStateMachine;
import exchange.recovery.local.template.SamTemplate;
import exchange.recovery.local.template.StackContext;
import exchange.recovery.local.template.TemplateException;

/**
 * Template hygiene:
 * <ul>
 *   <li>{@link #iamWildcards()}: no IAM statement allows {@code "*"} or {@code "service:*"} actions (anywhere:
 *       SAM {@code Policies}, roles, managed policies), and no administrator managed policy;</li>
 *   <li>{@link #logGroups()}: every function logs to a log group resource of the template
 *       ({@code LoggingConfig.LogGroup}), and every log group has {@code RetentionInDays};</li>
 *   <li>{@link #stateMachineObservability()}: every state machine has {@code Logging} to a log group of the
 *       template and {@code Tracing} enabled;</li>
 *   <li>{@link #resolvable()}: every condition, property and output resolves with the intrinsics the local
 *       harness supports, so what runs locally is what the template declares.</li>
 * </ul>
 */
public final class TemplateConformance {

    private static final String LOG_GROUP = "AWS::Logs::LogGroup";
    private static final Pattern WILDCARD_ACTION = Pattern.compile("\\*|[A-Za-z0-9-]+:\\*");
    private static final Pattern ADMIN_POLICY = Pattern.compile("(.*/)?(AdministratorAccess|PowerUserAccess|IAMFullAccess)");

    private final SamTemplate template;

    public TemplateConformance(SamTemplate template) {
        this.template = template;
    }

    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>(iamWildcards());
        findings.addAll(logGroups());
        findings.addAll(stateMachineObservability());
        findings.addAll(resolvable());
        return findings;
    }

    public List<Finding> resolvable() {
        StackContext.Builder stack = StackContext.builder(template)
                .resourceRefs(name -> "ref-" + name)
                .attributes((logicalId, attribute) -> "attribute-" + logicalId + "-" + attribute);
        template.parameters().values().stream().filter(parameter -> !parameter.hasDefault()).forEach(parameter ->
                stack.parameter(parameter.name(), parameter.allowedValues().isEmpty()
                        ? ("Number".equals(parameter.type()) ? "1" : "example") : parameter.allowedValues().get(0)));
        StackContext context = stack.build();
        List<Finding> findings = new ArrayList<>();
        for (String condition : template.conditions().keySet()) {
            resolve(condition, () -> context.condition(condition), findings);
        }
        for (Resource resource : template.resources().values()) {
            String at = "Resources." + resource.logicalId() + ".Properties";
            resolve(resource.logicalId(), () -> Intrinsics.resolve(template.mergedProperties(resource.logicalId()),
                    context, at), findings);
        }
        template.outputs().values().forEach(output -> resolve(output.name(),
                () -> Intrinsics.resolve(output.value(), context, "Outputs." + output.name() + ".Value"), findings));
        return findings;
    }

    private static void resolve(String subject, Supplier<Object> resolution, List<Finding> findings) {
        try {
            resolution.get();
        } catch (TemplateException e) {
            findings.add(new Finding("template.unresolvable", subject, e.getMessage()));
        }
    }

    public List<Finding> iamWildcards() {
        List<Finding> findings = new ArrayList<>();
        for (Resource resource : template.resources().values()) {
            Map<String, Object> properties = resource.type().startsWith("AWS::Serverless::")
                    ? template.mergedProperties(resource.logicalId()) : resource.properties();
            walk(properties, "Resources." + resource.logicalId() + ".Properties", findings);
        }
        return findings;
    }

    private static void walk(Object value, String path, List<Finding> findings) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey("Effect") && map.containsKey("Action")) {
                List<?> actions = map.get("Action") instanceof List<?> list ? list : List.of(map.get("Action"));
                for (Object action : actions) {
                    if (action instanceof String text && WILDCARD_ACTION.matcher(text).matches()) {
                        findings.add(new Finding("template.iam-wildcard", path + ".Action",
                                "allows the action '" + text + "': name the actions the code calls"));
                    }
                }
            }
            map.forEach((key, item) -> walk(item, path + "." + key, findings));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item instanceof String text && ADMIN_POLICY.matcher(text).matches()
                        && (path.endsWith(".Policies") || path.endsWith(".ManagedPolicyArns"))) {
                    findings.add(new Finding("template.iam-wildcard", path + "[" + i + "]",
                            "attaches " + text + ", which allows far more than the code calls"));
                }
                walk(item, path + "[" + i + "]", findings);
            }
        } else if (value instanceof String text && ADMIN_POLICY.matcher(text).matches() && path.endsWith(".Policies")) {
            findings.add(new Finding("template.iam-wildcard", path,
                    "attaches " + text + ", which allows far more than the code calls"));
        }
    }

    public List<Finding> logGroups() {
        List<Finding> findings = new ArrayList<>();
        for (SamFunction function : template.functions().values()) {
            Object logGroup = function.loggingConfig().get("LogGroup");
            if (logGroup == null) {
                findings.add(new Finding("template.function-log-group", function.logicalId(),
                        "has no LoggingConfig.LogGroup: Lambda would create a log group that never expires"));
            } else if (referencedLogGroup(logGroup, "Ref").isEmpty()) {
                findings.add(new Finding("template.function-log-group", function.logicalId(),
                        "LoggingConfig.LogGroup " + logGroup + " is not a !Ref to an AWS::Logs::LogGroup of this template"));
            }
        }
        for (Resource logGroup : template.resourcesOfType(LOG_GROUP)) {
            if (logGroup.property("RetentionInDays") == null) {
                findings.add(new Finding("template.log-group-retention", logGroup.logicalId(),
                        "has no RetentionInDays: its logs would be kept forever"));
            }
        }
        return findings;
    }

    public List<Finding> stateMachineObservability() {
        List<Finding> findings = new ArrayList<>();
        for (SamStateMachine machine : template.stateMachines().values()) {
            Map<String, Object> logging = machine.logging();
            Object level = logging.get("Level");
            List<?> destinations = logging.get("Destinations") instanceof List<?> list ? list : List.of();
            if (logging.isEmpty() || level == null || "OFF".equals(level)) {
                findings.add(new Finding("template.state-machine-logging", machine.logicalId(),
                        "has no Logging (Level ALL, ERROR or FATAL) to a log group"));
            } else if (destinations.isEmpty() || !destinations.stream().allMatch(this::isTemplateLogGroup)) {
                findings.add(new Finding("template.state-machine-logging", machine.logicalId(),
                        "Logging.Destinations must be CloudWatchLogsLogGroup.LogGroupArn: !GetAtt <LogGroup>.Arn "
                                + "of a log group of this template"));
            }
            Object tracing = machine.tracing().get("Enabled");
            if (!Boolean.TRUE.equals(tracing) && !"true".equalsIgnoreCase(String.valueOf(tracing))) {
                findings.add(new Finding("template.state-machine-tracing", machine.logicalId(),
                        "has no Tracing: {Enabled: true}"));
            }
        }
        return findings;
    }

    private boolean isTemplateLogGroup(Object destination) {
        if (destination instanceof Map<?, ?> map && map.get("CloudWatchLogsLogGroup") instanceof Map<?, ?> group) {
            return referencedLogGroup(group.get("LogGroupArn"), "Fn::GetAtt").isPresent();
        }
        return false;
    }

    /** The log group resource a {@code !Ref} (its name) or {@code !GetAtt X.Arn} points at. */
    private Optional<Resource> referencedLogGroup(Object value, String function) {
        if (!Intrinsics.isIntrinsic(value) || !(value instanceof Map<?, ?> call) || !call.containsKey(function)) {
            return Optional.empty();
        }
        Object argument = call.get(function);
        String logicalId = null;
        if (argument instanceof List<?> parts && parts.size() == 2 && "Arn".equals(parts.get(1))) {
            logicalId = String.valueOf(parts.get(0));
        } else if (argument instanceof String name) {
            logicalId = name.endsWith(".Arn") ? name.substring(0, name.length() - ".Arn".length()) : name;
        }
        return Optional.ofNullable(logicalId).flatMap(template::resource)
                .filter(resource -> resource.type().equals(LOG_GROUP));
    }
}
