package exchange.recovery.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.local.template.Resource;
import exchange.recovery.local.template.SamTemplate;

/**
 * A copy of this repository's template and state machines in a temporary directory, to be broken on
 * purpose: negative tests change one thing (through the parsed structures, so the change still applies
 * as the real files grow) and expect the checks to report exactly that problem.
 *
 * <p>The template is written as JSON (CloudFormation reads both), from the template model's long form.
 */
final class BrokenCopy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final SamTemplate original;
    private final Map<String, Object> template;
    private final Map<String, ObjectNode> definitions = new LinkedHashMap<>();
    private final Map<String, String> rawFiles = new LinkedHashMap<>();

    private BrokenCopy(Project project, Path root) {
        this.root = root;
        this.original = project.loadTemplate();
        this.template = JSON.convertValue(original.document(), new TypeReference<Map<String, Object>>() { });
        for (Path file : project.aslFiles()) {
            try {
                definitions.put(project.relative(file), (ObjectNode) JSON.readTree(file.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static BrokenCopy of(Project project, Path directory) {
        return new BrokenCopy(project, directory);
    }

    /** The real template, as read before any change. */
    SamTemplate original() {
        return original;
    }

    /** The mutable template document. */
    Map<String, Object> template() {
        return template;
    }

    /** The mutable properties of a resource (created when it has none). */
    @SuppressWarnings("unchecked")
    Map<String, Object> properties(String logicalId) {
        Map<String, Object> resource = (Map<String, Object>) ((Map<String, Object>) template.get("Resources")).get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("The template has no resource " + logicalId);
        }
        return (Map<String, Object>) resource.computeIfAbsent("Properties", key -> new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    void addResource(String logicalId, Map<String, Object> resource) {
        ((Map<String, Object>) template.get("Resources")).put(logicalId, JSON.convertValue(resource,
                new TypeReference<Map<String, Object>>() { }));
    }

    String firstFunction() {
        return original.functions().keySet().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml declares no AWS::Serverless::Function"));
    }

    String firstStateMachine() {
        return original.stateMachines().keySet().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml declares no AWS::Serverless::StateMachine"));
    }

    String firstOfType(String type) {
        return original.resourcesOfType(type).stream().map(Resource::logicalId).findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml declares no " + type));
    }

    /** The ASL file the first state machine uses, as a path relative to the root (statemachines/x.asl.json). */
    String firstDefinition() {
        Path file = original.stateMachines().get(firstStateMachine()).definitionPath()
                .orElseThrow(() -> new IllegalStateException(firstStateMachine() + " has no DefinitionUri file"));
        return original.directory().relativize(file).toString().replace('\\', '/');
    }

    /** The mutable parsed ASL of a file of statemachines/. */
    ObjectNode definition(String relativePath) {
        ObjectNode definition = definitions.get(relativePath);
        if (definition == null) {
            throw new IllegalArgumentException("No ASL file " + relativePath);
        }
        return definition;
    }

    /** The mutable {@code States} of a definition. */
    ObjectNode states(String relativePath) {
        return (ObjectNode) definition(relativePath).get("States");
    }

    /** The first Task state (depth first, branches included) matching, with its path ({@code States.A...}). */
    Optional<Map.Entry<String, ObjectNode>> firstTask(String relativePath, java.util.function.Predicate<JsonNode> matching) {
        List<Map.Entry<String, ObjectNode>> tasks = new ArrayList<>();
        AslConformance.forEachState(states(relativePath), "States", (path, state) -> {
            if ("Task".equals(state.path("Type").asText()) && matching.test(state)) {
                tasks.add(Map.entry(path, (ObjectNode) state));
            }
        });
        return tasks.stream().findFirst();
    }

    Map.Entry<String, ObjectNode> firstTask(String relativePath) {
        return firstTask(relativePath, state -> true)
                .orElseThrow(() -> new IllegalStateException(relativePath + " has no Task state"));
    }

    /** A file written as is, e.g. an ASL file that is not valid JSON. */
    void writeRaw(String relativePath, String text) {
        rawFiles.put(relativePath, text);
    }

    /** Writes the copy and gives the project to run checks on. */
    Project project() {
        try {
            Files.createDirectories(root.resolve("statemachines"));
            Path templateFile = root.resolve("template.json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(templateFile.toFile(), template);
            for (Map.Entry<String, ObjectNode> definition : definitions.entrySet()) {
                JSON.writerWithDefaultPrettyPrinter().writeValue(root.resolve(definition.getKey()).toFile(),
                        definition.getValue());
            }
            for (Map.Entry<String, String> file : rawFiles.entrySet()) {
                Files.writeString(root.resolve(file.getKey()), file.getValue());
            }
            return new Project(root, templateFile.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The findings {@code after} has that {@code before} has not: what a change introduced. */
    static List<Finding> introduced(List<Finding> before, List<Finding> after) {
        List<Finding> introduced = new ArrayList<>(after);
        introduced.removeAll(before);
        return introduced;
    }
}
