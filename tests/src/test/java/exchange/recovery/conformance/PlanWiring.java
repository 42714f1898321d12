package exchange.recovery.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import exchange.recovery.local.template.SamStateMachine;
import exchange.recovery.local.template.SamTemplate;

/**
 * How the template wires the state machines: each machine's parsed ASL, and what each {@code ${...}}
 * substitution names (a function's or a state machine's logical id), so that a Task can be followed to the
 * handler class it runs or the nested machine it starts.
 */
final class PlanWiring {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{\\s*([^}]*?)\\s*}$");

    /** One state machine: its logical id, ASL file (as the project writes it), parsed definition and substitutions. */
    record Machine(String logicalId, String file, JsonNode definition, Map<String, String> substitutions) {

        /** The logical id a {@code ${Name}} value stands for, if it is a substitution of a resource. */
        Optional<String> resolve(String value) {
            Matcher matcher = PLACEHOLDER.matcher(value == null ? "" : value);
            return matcher.matches() ? Optional.ofNullable(substitutions.get(matcher.group(1))) : Optional.empty();
        }
    }

    private final SamTemplate template;
    private final Map<String, Machine> machines = new LinkedHashMap<>();

    PlanWiring(Project project, SamTemplate template) {
        this.template = template;
        for (SamStateMachine machine : template.stateMachines().values()) {
            Optional<Path> file = machine.definitionPath();
            if (file.isEmpty() || !file.get().toFile().isFile()) {
                continue;
            }
            Map<String, String> substitutions = new LinkedHashMap<>();
            machine.definitionSubstitutions().forEach((name, value) ->
                    referencedResource(value).ifPresent(id -> substitutions.put(name, id)));
            try {
                machines.put(machine.logicalId(), new Machine(machine.logicalId(), project.relative(file.get()),
                        JSON.readTree(file.get().toFile()), substitutions));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Map<String, Machine> machines() {
        return machines;
    }

    SamTemplate template() {
        return template;
    }

    /**
     * The machines the alarm router starts: those named in the environment of a function whose handler is
     * {@code handlerSimpleName}. The router takes a scope lock before it starts one, so these must release it.
     */
    List<String> machinesStartedBy(String handlerSimpleName) {
        return template.functions().values().stream()
                .filter(function -> function.handlerClass().endsWith("." + handlerSimpleName))
                .flatMap(function -> function.environment().values().stream())
                .map(PlanWiring::referencedResource).flatMap(Optional::stream)
                .filter(machines::containsKey).distinct().toList();
    }

    /** The function a Lambda Task invokes (logical id), if it invokes one through a substitution. */
    Optional<String> invokedFunction(Machine machine, JsonNode task) {
        String resource = task.path("Resource").asText("");
        String reference = resource.startsWith("arn:aws:states:::lambda:invoke")
                ? task.path("Parameters").path("FunctionName").asText("") : resource;
        return machine.resolve(reference).filter(template.functions()::containsKey);
    }

    /** The machine a {@code states:startExecution} Task starts (logical id), if it names one through a substitution. */
    Optional<String> startedMachine(Machine machine, JsonNode task) {
        if (!task.path("Resource").asText("").startsWith("arn:aws:states:::states:startExecution")) {
            return Optional.empty();
        }
        return machine.resolve(task.path("Parameters").path("StateMachineArn").asText(""))
                .filter(template.stateMachines()::containsKey);
    }

    private static Optional<String> referencedResource(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            if (map.get("Ref") instanceof String name) {
                return Optional.of(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
            }
            if (map.get("Fn::GetAtt") instanceof List<?> parts && !parts.isEmpty()) {
                return Optional.of(String.valueOf(parts.get(0)));
            }
            if (map.get("Fn::GetAtt") instanceof String attribute) {
                return Optional.of(attribute.substring(0, attribute.indexOf('.') < 0 ? attribute.length() : attribute.indexOf('.')));
            }
        }
        return Optional.empty();
    }
}
