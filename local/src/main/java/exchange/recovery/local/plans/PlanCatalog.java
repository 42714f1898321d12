package exchange.recovery.local.plans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.template.SamFunction;
import exchange.recovery.local.template.SamStateMachine;
import exchange.recovery.local.template.SamTemplate;

/**
 * The plans of the project: the ASL files in {@code statemachines/} and what template.yaml says about them.
 * A plan is a state machine that no other state machine starts; the others are nested plans (a tier's own
 * state machine, a reusable approval...), reached through {@code DefinitionSubstitutions}.
 */
public final class PlanCatalog {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(?:\\.[A-Za-z]+)?}");

    private final Path root;
    private final SamTemplate template;

    public PlanCatalog(Path root, SamTemplate template) {
        this.root = root;
        this.template = template;
    }

    public static PlanCatalog load(Path projectRoot) {
        return new PlanCatalog(projectRoot, SamTemplate.load(projectRoot.resolve("template.yaml")));
    }

    public Path root() {
        return root;
    }

    public SamTemplate template() {
        return template;
    }

    /** The ASL file of a plan name: {@code statemachines/<name>.asl.json}. */
    public Path file(String name) {
        return root.resolve("statemachines").resolve(name + ".asl.json");
    }

    /** Every ASL file's name, sorted. */
    public List<String> allNames() {
        Path directory = root.resolve("statemachines");
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".asl.json"))
                    .map(name -> name.substring(0, name.length() - ".asl.json".length())).sorted().toList();
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot list " + directory, e);
        }
    }

    /** The plans: ASL files whose state machine no other state machine starts. */
    public List<String> planNames() {
        Set<String> nested = nestedLogicalIds();
        return allNames().stream().filter(name -> machineForFile(name).map(m -> !nested.contains(m.logicalId())).orElse(true))
                .toList();
    }

    /** The template's state machine whose DefinitionUri is this plan's file. */
    public Optional<SamStateMachine> machineForFile(String name) {
        Path file = file(name).toAbsolutePath().normalize();
        return template.stateMachines().values().stream()
                .filter(machine -> machine.definitionPath().map(path -> path.toAbsolutePath().normalize().equals(file)).orElse(false))
                .findFirst();
    }

    /** The plan name (file) of a state machine's logical id. */
    public Optional<String> nameOf(String logicalId) {
        SamStateMachine machine = template.stateMachines().get(logicalId);
        if (machine == null || machine.definitionPath().isEmpty()) {
            return Optional.empty();
        }
        String file = machine.definitionPath().get().getFileName().toString();
        return Optional.of(file.endsWith(".asl.json") ? file.substring(0, file.length() - ".asl.json".length()) : file);
    }

    public boolean isTopLevel(String logicalId) {
        return !nestedLogicalIds().contains(logicalId);
    }

    /** State machines that another state machine references in its substitutions. */
    public Set<String> nestedLogicalIds() {
        Set<String> nested = new LinkedHashSet<>();
        for (SamStateMachine machine : template.stateMachines().values()) {
            for (Object value : machine.definitionSubstitutions().values()) {
                referencedLogicalId(value).filter(template.stateMachines()::containsKey)
                        .filter(id -> !id.equals(machine.logicalId())).ifPresent(nested::add);
            }
        }
        return nested;
    }

    /** The substitution's value in a state machine's DefinitionSubstitutions, as written. */
    public Optional<Object> substitution(SamStateMachine machine, String name) {
        return Optional.ofNullable(machine.definitionSubstitutions().get(name));
    }

    /**
     * The resource a substitution value refers to: {@code !Ref X}, {@code !Ref X.Alias}, {@code !GetAtt X.Arn},
     * or a {@code !Sub} naming one resource.
     */
    public static Optional<String> referencedLogicalId(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> entry = map.entrySet().iterator().next();
            String key = String.valueOf(entry.getKey());
            Object inner = entry.getValue();
            switch (key) {
                case "Ref" -> {
                    return Optional.of(String.valueOf(inner).split("\\.")[0]);
                }
                case "Fn::GetAtt" -> {
                    if (inner instanceof List<?> list && !list.isEmpty()) {
                        return Optional.of(String.valueOf(list.get(0)));
                    }
                    return Optional.of(String.valueOf(inner).split("\\.")[0]);
                }
                case "Fn::Sub" -> {
                    Object text = inner instanceof List<?> list && !list.isEmpty() ? list.get(0) : inner;
                    List<String> names = new ArrayList<>();
                    Matcher matcher = SUB_VARIABLE.matcher(String.valueOf(text));
                    while (matcher.find()) {
                        if (!matcher.group(1).startsWith("AWS")) {
                            names.add(matcher.group(1));
                        }
                    }
                    return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    public Optional<SamFunction> function(String logicalId) {
        return Optional.ofNullable(template.functions().get(logicalId));
    }
}
