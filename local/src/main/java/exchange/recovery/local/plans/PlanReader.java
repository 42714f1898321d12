package exchange.recovery.local.plans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.core.Tier;
import exchange.recovery.local.template.Parameter;
import exchange.recovery.local.template.SamFunction;
import exchange.recovery.local.template.SamStateMachine;
import exchange.recovery.report.StepKind;
import exchange.recovery.report.TierAttribution;

/**
 * Reads a plan from its ASL without running anything: every state with what it calls (through the
 * template's {@code DefinitionSubstitutions}: which function and handler class, which topic, which nested
 * plan), its timeout, retries and error paths, Parallel branches, Map processors and nested plans.
 */
public final class PlanReader {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:]+)}");
    private static final int MAX_NESTING = 6;

    private final PlanCatalog catalog;

    public PlanReader(PlanCatalog catalog) {
        this.catalog = catalog;
    }

    public PlanMachine read(String name) {
        if (!Files.exists(catalog.file(name))) {
            throw new UnknownPlan("No plan named '" + name + "': statemachines/ holds " + catalog.allNames());
        }
        return readFile(name, new LinkedHashSet<>());
    }

    private PlanMachine readFile(String name, Set<String> reading) {
        Path file = catalog.file(name);
        JsonNode definition;
        try {
            definition = Json.MAPPER.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new UnknownPlan(catalog.root().relativize(file) + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnknownPlan("Cannot read " + file + ": " + e.getMessage());
        }
        if (definition == null || !definition.path("States").isObject()) {
            throw new UnknownPlan(catalog.root().relativize(file) + " has no States: not an ASL definition");
        }
        Optional<SamStateMachine> machine = catalog.machineForFile(name);
        Set<String> path = new LinkedHashSet<>(reading);
        path.add(name);
        String machineName = machine.map(SamStateMachine::logicalId).orElse(name);
        // a plan that runs for whichever tier its input names (the tier-recovery plan) is each tier's
        boolean perTier = TierAttribution.fromName(machineName).isEmpty() && readsTierFromInput(definition);
        Context context = new Context(machine.orElse(null), machineName, path, perTier ? EACH_TIER : null);
        List<PlanState> states = states(definition, context);
        return new PlanMachine(name, machine.map(SamStateMachine::logicalId).orElse(null),
                catalog.root().relativize(file).toString().replace('\\', '/'), definition.path("Comment").asText(null),
                definition.path("StartAt").asText(), states, triggers(machine.orElse(null)));
    }

    /** What the states of one definition (or branch) are, in reading order. */
    private record Context(SamStateMachine machine, String machineName, Set<String> reading, String defaultTier) {
    }

    /** Whether the definition's own states (not its branches or item processors) read {@code $.tier}. */
    private static boolean readsTierFromInput(JsonNode definition) {
        for (JsonNode state : definition.path("States")) {
            com.fasterxml.jackson.databind.node.ObjectNode own = state.deepCopy();
            own.remove(List.of("Branches", "ItemProcessor", "Iterator"));
            if (own.toString().contains("\"$.tier\"")) {
                return true;
            }
        }
        return false;
    }

    /** The tier label of steps in a plan that runs once per tier. */
    public static final String EACH_TIER = "each tier";

    private List<PlanState> states(JsonNode definition, Context context) {
        JsonNode states = definition.path("States");
        List<String> order = readingOrder(definition);
        List<PlanState> result = new ArrayList<>();
        for (String name : order) {
            result.add(state(name, states.get(name), context));
        }
        return result;
    }

    /** From StartAt, each state's Next path first, then Choice branches, then error paths; unreachable states last. */
    static List<String> readingOrder(JsonNode definition) {
        JsonNode states = definition.path("States");
        Set<String> seen = new LinkedHashSet<>();
        visit(definition.path("StartAt").asText(), states, seen);
        for (Iterator<String> names = states.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!seen.contains(name)) {
                visit(name, states, seen);
            }
        }
        return List.copyOf(seen);
    }

    private static void visit(String name, JsonNode states, Set<String> seen) {
        if (name == null || !states.has(name) || !seen.add(name)) {
            return;
        }
        JsonNode state = states.get(name);
        visit(state.path("Next").asText(null), states, seen);
        for (JsonNode choice : state.path("Choices")) {
            visit(choice.path("Next").asText(null), states, seen);
        }
        visit(state.path("Default").asText(null), states, seen);
        for (JsonNode caught : state.path("Catch")) {
            visit(caught.path("Next").asText(null), states, seen);
        }
    }

    private PlanState state(String name, JsonNode state, Context context) {
        String type = state.path("Type").asText();
        String resource = state.path("Resource").asText(null);
        String[] parts = StepKind.resourceParts(resource);
        JsonNode parameters = state.has("Parameters") ? state.get("Parameters") : state.get("Arguments");
        StepKind kind = StepKind.classify(type, name, parts[0], parts[1]);
        String tier = TierAttribution.of(parameters, context.machineName(), name).map(Tier::id).orElse(context.defaultTier());
        List<PlanEdge> edges = new ArrayList<>();
        if (state.hasNonNull("Next")) {
            edges.add(new PlanEdge(state.get("Next").asText(), null, false));
        }
        for (JsonNode choice : state.path("Choices")) {
            edges.add(new PlanEdge(choice.path("Next").asText(), ChoiceText.describe(choice), false));
        }
        if (state.hasNonNull("Default")) {
            edges.add(new PlanEdge(state.get("Default").asText(), "otherwise", false));
        }
        for (JsonNode caught : state.path("Catch")) {
            edges.add(new PlanEdge(caught.path("Next").asText(), errors(caught.path("ErrorEquals")), true));
        }
        List<PlanMachine> branches = new ArrayList<>();
        int index = 1;
        for (JsonNode branch : state.path("Branches")) {
            branches.add(branch(name + " branch " + index++, branch, context));
        }
        JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
        if (processor != null && processor.isObject()) {
            branches.add(branch(name + " per item", processor, context));
        }
        PlanMachine nested = kind == StepKind.PLAN || "states".equals(parts[0]) ? nested(parameters, context) : null;
        return new PlanState(name, type, kind, tier, action(name, state, kind, parts, parameters, context, nested),
                edges, integer(state, "TimeoutSeconds"), integer(state, "HeartbeatSeconds"), retry(state.path("Retry")),
                branches, nested);
    }

    private PlanMachine branch(String label, JsonNode definition, Context context) {
        return new PlanMachine(label, null, null, definition.path("Comment").asText(null), definition.path("StartAt").asText(),
                states(definition, context), List.of());
    }

    private PlanMachine nested(JsonNode parameters, Context context) {
        if (parameters == null || context.machine() == null) {
            return null;
        }
        String arn = parameters.path("StateMachineArn").asText(null);
        Optional<String> logicalId = substitutionTarget(arn, context);
        Optional<String> name = logicalId.flatMap(catalog::nameOf);
        if (name.isEmpty() || context.reading().contains(name.get()) || context.reading().size() > MAX_NESTING) {
            return null;
        }
        return readFile(name.get(), context.reading());
    }

    private String action(String name, JsonNode state, StepKind kind, String[] parts, JsonNode parameters, Context context,
                          PlanMachine nested) {
        String type = state.path("Type").asText();
        switch (type) {
            case "Wait":
                if (state.has("Seconds")) {
                    return "waits " + state.get("Seconds").asInt() + " s";
                }
                if (state.has("SecondsPath")) {
                    return "waits the seconds in " + state.get("SecondsPath").asText();
                }
                if (state.has("Timestamp")) {
                    return "waits until " + state.get("Timestamp").asText();
                }
                return "waits until the time in " + state.path("TimestampPath").asText();
            case "Choice":
                return "chooses the next state";
            case "Parallel":
                return "runs " + state.path("Branches").size() + " branches at once";
            case "Map":
                return "runs its steps for each item of " + state.path("ItemsPath").asText("$")
                        + (state.has("MaxConcurrency") ? " (at most " + state.get("MaxConcurrency").asInt() + " at once)" : "");
            case "Pass":
                return "shapes the data (no call)";
            case "Succeed":
                return "the plan ends: succeeded";
            case "Fail":
                return "the plan ends in error " + state.path("Error").asText("(unnamed)")
                        + (state.hasNonNull("Cause") ? ": " + state.get("Cause").asText() : "");
            default:
                break;
        }
        String service = parts[0];
        String verb = parts[1];
        boolean callback = verb.endsWith("waitForTaskToken");
        String what;
        if ("lambda".equals(service)) {
            String function = parameters == null ? state.path("Resource").asText() : parameters.path("FunctionName").asText(null);
            if (function == null && parameters != null) {
                function = state.path("Resource").asText();
            }
            what = "Lambda " + function(function, context);
        } else if ("sns".equals(service)) {
            String subject = parameters == null ? null : parameters.path("Subject").asText(null);
            what = "SNS publish" + (subject == null ? "" : " \"" + subject + "\"") + " to "
                    + readable(parameters == null ? null : parameters.path("TopicArn").asText(null), context);
        } else if ("states".equals(service)) {
            String target = readable(parameters == null ? null : parameters.path("StateMachineArn").asText(null), context);
            what = "starts the nested plan " + (nested != null ? nested.name() + " (" + target + ")" : target)
                    + (verb.contains(".sync") ? " and waits for it to end" : "");
        } else if (service.startsWith("aws-sdk")) {
            what = "AWS API " + service.substring("aws-sdk:".length()) + ":" + verb;
        } else {
            what = service.isEmpty() ? readable(state.path("Resource").asText(), context) : service + ":" + verb;
        }
        if (callback) {
            what += "; then waits for a callback (task token)" + (kind == StepKind.APPROVAL ? ": the approvers' decision" : "");
        }
        return what;
    }

    /** A function reference as "LogicalId (handler class)". */
    private String function(String reference, Context context) {
        Optional<String> logicalId = substitutionTarget(reference, context);
        if (logicalId.isEmpty()) {
            return readable(reference, context);
        }
        Optional<SamFunction> function = catalog.function(logicalId.get());
        return logicalId.get() + function.map(f -> " (" + f.handlerClass() + ")").orElse("");
    }

    /** Replaces {@code ${Name}} placeholders by what the substitution names (a resource, or the value as written). */
    private String readable(String text, Context context) {
        if (text == null) {
            return "?";
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = context.machine() == null ? matcher.group()
                    : catalog.substitution(context.machine(), matcher.group(1))
                    .map(value -> PlanCatalog.referencedLogicalId(value).orElse(String.valueOf(value))).orElse(matcher.group());
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private Optional<String> substitutionTarget(String text, Context context) {
        if (text == null || context.machine() == null) {
            return Optional.empty();
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        if (!matcher.find()) {
            return Optional.empty();
        }
        return catalog.substitution(context.machine(), matcher.group(1)).flatMap(PlanCatalog::referencedLogicalId);
    }

    private List<String> triggers(SamStateMachine machine) {
        List<String> triggers = new ArrayList<>();
        if (machine == null) {
            triggers.add("not deployed by template.yaml");
            return triggers;
        }
        machine.events().forEach((id, event) -> {
            Map<?, ?> spec = event instanceof Map<?, ?> map ? map : Map.of();
            Map<?, ?> properties = spec.get("Properties") instanceof Map<?, ?> map ? map : Map.of();
            String type = String.valueOf(spec.get("Type"));
            if ("EventBridgeRule".equals(type) || "CloudWatchEvent".equals(type)) {
                triggers.add("EventBridge rule " + id + ": " + pattern(properties.get("Pattern")));
            } else if (type.startsWith("Schedule")) {
                triggers.add("schedule " + id + ": " + properties.get("Schedule"));
            } else {
                triggers.add(type + " event " + id);
            }
        });
        for (SamFunction function : catalog.template().functions().values()) {
            Object environment = function.property("Environment");
            if (references(environment, machine.logicalId())) {
                List<String> rules = new ArrayList<>();
                Object events = function.property("Events");
                if (events instanceof Map<?, ?> map) {
                    map.forEach((id, event) -> {
                        Map<?, ?> spec = event instanceof Map<?, ?> inner ? inner : Map.of();
                        Map<?, ?> properties = spec.get("Properties") instanceof Map<?, ?> inner ? inner : Map.of();
                        if ("EventBridgeRule".equals(String.valueOf(spec.get("Type")))) {
                            rules.add("EventBridge rule " + id + " (" + pattern(properties.get("Pattern")) + ")");
                        }
                    });
                }
                triggers.add("function " + function.logicalId() + " (" + function.handlerClass() + ") starts it"
                        + (rules.isEmpty() ? "" : ", invoked by " + String.join(" and ", rules)));
            }
        }
        for (SamStateMachine other : catalog.template().stateMachines().values()) {
            if (!other.logicalId().equals(machine.logicalId()) && other.definitionSubstitutions().values().stream()
                    .anyMatch(value -> PlanCatalog.referencedLogicalId(value).map(machine.logicalId()::equals).orElse(false))) {
                triggers.add("plan " + catalog.nameOf(other.logicalId()).orElse(other.logicalId()) + " starts it as a nested plan");
            }
        }
        if (catalog.isTopLevel(machine.logicalId())) {
            triggers.add("an operator: StartExecution (Step Functions console or CLI) with the plan's input");
        }
        return triggers;
    }

    private static boolean references(Object value, String logicalId) {
        if (value instanceof Map<?, ?> map) {
            if (PlanCatalog.referencedLogicalId(map).map(logicalId::equals).orElse(false)) {
                return true;
            }
            return map.values().stream().anyMatch(inner -> references(inner, logicalId));
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(inner -> references(inner, logicalId));
        }
        return false;
    }

    /** An event pattern in words: {@code source = aws.cloudwatch; detail.state.value = ALARM}. */
    private String pattern(Object pattern) {
        List<String> conditions = new ArrayList<>();
        flatten("", pattern, conditions);
        return String.join("; ", conditions);
    }

    private void flatten(String path, Object node, List<String> conditions) {
        if (node instanceof Map<?, ?> map && !isIntrinsic(map)) {
            map.forEach((key, value) -> flatten(path.isEmpty() ? String.valueOf(key) : path + "." + key, value, conditions));
        } else if (node instanceof List<?> values) {
            conditions.add(path + " " + values.stream().map(this::patternValue).collect(Collectors.joining(" or ")));
        } else {
            conditions.add(path + " " + patternValue(node));
        }
    }

    private String patternValue(Object value) {
        if (value instanceof Map<?, ?> map && !isIntrinsic(map) && map.size() == 1) {
            Map.Entry<?, ?> operator = map.entrySet().iterator().next();
            return operator.getKey() + " " + patternValue(operator.getValue());
        }
        if (value instanceof Map<?, ?> map && map.containsKey("Ref")) {
            String name = String.valueOf(map.get("Ref"));
            Parameter parameter = catalog.template().parameters().get(name);
            return "the value of parameter " + name + (parameter != null && parameter.defaultValue() != null
                    ? " (default \"" + parameter.defaultValue() + "\")" : "");
        }
        return value instanceof String text ? "= " + text : "= " + value;
    }

    private static boolean isIntrinsic(Map<?, ?> map) {
        return map.size() == 1 && String.valueOf(map.keySet().iterator().next()).matches("Ref|Fn::.*");
    }

    private static String errors(JsonNode errorEquals) {
        List<String> names = new ArrayList<>();
        errorEquals.forEach(error -> names.add(shortError(error.asText())));
        return names.contains("States.ALL") ? "any error" : String.join(", ", names);
    }

    static String shortError(String error) {
        int dot = error.lastIndexOf('.');
        return error.startsWith("exchange.") && dot > 0 ? error.substring(dot + 1) : error;
    }

    private static String retry(JsonNode retriers) {
        if (!retriers.isArray() || retriers.isEmpty()) {
            return null;
        }
        List<String> rules = new ArrayList<>();
        for (JsonNode retrier : retriers) {
            double backoff = retrier.path("BackoffRate").asDouble(2.0);
            rules.add(retrier.path("MaxAttempts").asInt(3) + " retries on " + errors(retrier.path("ErrorEquals"))
                    + " (first after " + retrier.path("IntervalSeconds").asInt(1) + " s, backoff ×"
                    + (backoff == Math.rint(backoff) ? String.valueOf((long) backoff) : String.valueOf(backoff)) + ")");
        }
        return String.join("; ", rules);
    }

    private static Integer integer(JsonNode state, String field) {
        return state.path(field).isInt() ? state.get(field).asInt() : null;
    }
}
