package exchange.recovery.local.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link ResolutionContext} for one stack made from a template: parameters take the values given or
 * their {@code Default}; conditions are evaluated from the template's {@code Conditions} (each once);
 * {@code Fn::FindInMap} reads its {@code Mappings}; resources are answered by the functions the caller
 * gives (the physical ids and attributes it created, e.g. local ARNs).
 *
 * <pre>{@code
 * StackContext context = StackContext.builder(template)
 *         .region("eu-west-1").accountId("123456789012").stackName("exchange-recovery")
 *         .parameter("NotificationEmail", "oncall@example.com")
 *         .resourceRefs(logicalId -> physicalIds.get(logicalId))
 *         .attributes((logicalId, attribute) -> arns.get(logicalId))
 *         .build();
 * }</pre>
 */
public final class StackContext implements ResolutionContext {

    private final SamTemplate template;
    private final Map<String, Object> parameterValues;
    private final String region;
    private final String accountId;
    private final String stackName;
    private final Function<String, Object> resourceRefs;
    private final BiFunction<String, String, Object> attributes;
    private final Map<String, Object> exports;
    private final Map<String, Boolean> conditionValues = new HashMap<>();
    private final Set<String> evaluating = new LinkedHashSet<>();

    private StackContext(Builder builder) {
        this.template = builder.template;
        this.parameterValues = Map.copyOf(builder.parameterValues);
        this.region = builder.region;
        this.accountId = builder.accountId;
        this.stackName = builder.stackName;
        this.resourceRefs = builder.resourceRefs;
        this.attributes = builder.attributes;
        this.exports = Map.copyOf(builder.exports);
        for (String name : parameterValues.keySet()) {
            if (!template.parameters().containsKey(name)) {
                throw new TemplateException("The template declares no parameter " + name);
            }
        }
    }

    public static Builder builder(SamTemplate template) {
        return new Builder(template);
    }

    /** The value a parameter takes in this stack: the one given, else its {@code Default}. */
    public Object parameter(String name) {
        Parameter parameter = template.parameters().get(name);
        if (parameter == null) {
            throw new TemplateException("The template declares no parameter " + name);
        }
        Object value = parameterValues.containsKey(name) ? parameterValues.get(name) : parameter.defaultValue();
        if (value == null) {
            throw new TemplateException("Parameter " + name + " has no value and no Default");
        }
        String type = Objects.requireNonNullElse(parameter.type(), "String");
        if ((type.equals("CommaDelimitedList") || type.startsWith("List<")) && value instanceof String text) {
            return text.isEmpty() ? List.of() : List.of(text.split("\\s*,\\s*", -1));
        }
        return value;
    }

    @Override
    public Object ref(String name) {
        if (template.parameters().containsKey(name)) {
            return parameter(name);
        }
        String logicalId = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (!template.resources().containsKey(logicalId)) {
            throw new TemplateException("Ref to " + name + ", which is neither a parameter nor a resource");
        }
        return resourceRefs.apply(name);
    }

    @Override
    public Object getAtt(String logicalId, String attribute) {
        if (!template.resources().containsKey(logicalId)) {
            throw new TemplateException("Fn::GetAtt on " + logicalId + ", which is not a resource");
        }
        return attributes.apply(logicalId, attribute);
    }

    @Override
    public boolean condition(String name) {
        Boolean known = conditionValues.get(name);
        if (known != null) {
            return known;
        }
        Object expression = template.conditions().get(name);
        if (expression == null) {
            throw new TemplateException("The template declares no condition " + name);
        }
        if (!evaluating.add(name)) {
            List<String> cycle = new ArrayList<>(evaluating);
            cycle.add(name);
            throw new TemplateException("Conditions refer to each other in a cycle: " + String.join(" -> ", cycle));
        }
        try {
            Object value = Intrinsics.resolve(expression, this, "Conditions." + name);
            if (!(value instanceof Boolean result)) {
                throw new TemplateException("Condition " + name + " does not give true or false but "
                        + Values.describe(value));
            }
            conditionValues.put(name, result);
            return result;
        } finally {
            evaluating.remove(name);
        }
    }

    @Override
    public Object findInMap(String map, String topKey, String secondKey) {
        Map<String, Object> top = Values.map(template.mappings().get(map), "Mappings." + map);
        if (top.isEmpty()) {
            throw new TemplateException("The template declares no mapping " + map);
        }
        Map<String, Object> second = Values.map(top.get(topKey), "Mappings." + map + "." + topKey);
        if (!second.containsKey(secondKey)) {
            throw new TemplateException("Mappings." + map + " has no " + topKey + "." + secondKey);
        }
        return second.get(secondKey);
    }

    @Override
    public Object importValue(String exportName) {
        if (!exports.containsKey(exportName)) {
            throw new TemplateException("No export named " + exportName);
        }
        return exports.get(exportName);
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public String accountId() {
        return accountId;
    }

    @Override
    public String stackName() {
        return stackName;
    }

    /** Builds a {@link StackContext}; by default the stack is {@code exchange-recovery} in us-east-1 of the
     * emulator's account 123456789012, and resources cannot be referred to until their values are given. */
    public static final class Builder {

        private final SamTemplate template;
        private final Map<String, Object> parameterValues = new HashMap<>();
        private final Map<String, Object> exports = new HashMap<>();
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private String stackName = "exchange-recovery";
        private Function<String, Object> resourceRefs = name -> {
            throw new TemplateException("No value is known for Ref " + name + " in this context");
        };
        private BiFunction<String, String, Object> attributes = (logicalId, attribute) -> {
            throw new TemplateException("No value is known for Fn::GetAtt " + logicalId + "." + attribute
                    + " in this context");
        };

        private Builder(SamTemplate template) {
            this.template = Objects.requireNonNull(template, "template");
        }

        public Builder parameter(String name, Object value) {
            parameterValues.put(name, value);
            return this;
        }

        public Builder parameters(Map<String, ?> values) {
            parameterValues.putAll(values);
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId, "accountId");
            return this;
        }

        public Builder stackName(String stackName) {
            this.stackName = Objects.requireNonNull(stackName, "stackName");
            return this;
        }

        /** What {@code Ref} gives for a resource (the name arrives as {@code X}, {@code X.Alias} or {@code X.Version}). */
        public Builder resourceRefs(Function<String, Object> refs) {
            this.resourceRefs = Objects.requireNonNull(refs, "refs");
            return this;
        }

        /** What {@code Fn::GetAtt} gives for a resource's attribute. */
        public Builder attributes(BiFunction<String, String, Object> attributes) {
            this.attributes = Objects.requireNonNull(attributes, "attributes");
            return this;
        }

        /** Values other stacks export, for {@code Fn::ImportValue}. */
        public Builder export(String name, Object value) {
            exports.put(name, value);
            return this;
        }

        public StackContext build() {
            return new StackContext(this);
        }
    }
}
