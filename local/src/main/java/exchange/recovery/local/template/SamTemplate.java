package exchange.recovery.local.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SAM template, read once: the single source of what the stack declares. Every view holds long-form
 * intrinsics ({@code {"Ref": "X"}}, {@code {"Fn::Sub": ...}}) whether the file used short-form tags or not.
 *
 * <pre>{@code
 * SamTemplate template = SamTemplate.load(Path.of("template.yaml"));
 * for (SamFunction function : template.functions().values()) {
 *     String handler = function.handler();
 *     Map<String, Object> environment = Intrinsics.resolve(function.environment(), context);
 * }
 * }</pre>
 */
public final class SamTemplate {

    private static final String SERVERLESS_PREFIX = "AWS::Serverless::";

    private final String source;
    private final Path directory;
    private final Map<String, Object> document;
    private final Map<String, Parameter> parameters;
    private final Map<String, Object> conditions;
    private final Map<String, Object> mappings;
    private final Map<String, Object> globals;
    private final Map<String, Resource> resources;
    private final Map<String, SamFunction> functions;
    private final Map<String, SamStateMachine> stateMachines;
    private final Map<String, Output> outputs;

    private SamTemplate(String source, Path directory, Map<String, Object> document) {
        this.source = source;
        this.directory = directory;
        this.document = document;
        this.parameters = readParameters();
        this.conditions = Values.map(document.get("Conditions"), "Conditions");
        this.mappings = Values.map(document.get("Mappings"), "Mappings");
        this.globals = Values.map(document.get("Globals"), "Globals");
        this.resources = readResources();
        this.functions = readFunctions();
        this.stateMachines = readStateMachines();
        this.outputs = readOutputs();
    }

    /** Reads a template file; relative paths in it ({@code DefinitionUri}) are taken from its directory. */
    public static SamTemplate load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemplateException("Cannot read the template " + file + ": " + e.getMessage(), e);
        }
        Path absolute = file.toAbsolutePath().normalize();
        return parse(yaml, absolute.getParent(), absolute.toString());
    }

    /** Reads a template given as text, as if its file were in {@code directory}. */
    public static SamTemplate parse(String yaml, Path directory) {
        return parse(yaml, directory.toAbsolutePath().normalize(), "template text");
    }

    private static SamTemplate parse(String yaml, Path directory, String source) {
        Object root;
        try {
            root = CloudFormationYaml.parse(yaml);
        } catch (TemplateException e) {
            throw new TemplateException(source + ": " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new TemplateException(source + " is not a template: its top level must be a mapping");
        }
        try {
            return new SamTemplate(source, directory, Values.map(Values.freeze(root), "template"));
        } catch (TemplateException e) {
            throw new TemplateException(source + ": " + e.getMessage(), e);
        }
    }

    /** Where the template was read from (a file path, or "template text"). */
    public String source() {
        return source;
    }

    /** The directory relative paths in the template are resolved against. */
    public Path directory() {
        return directory;
    }

    /** The whole template as read-only maps and lists, with long-form intrinsics. */
    public Map<String, Object> document() {
        return document;
    }

    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Condition name to its (long-form) expression; evaluate with {@link StackContext#condition(String)}. */
    public Map<String, Object> conditions() {
        return conditions;
    }

    public Map<String, Object> mappings() {
        return mappings;
    }

    /** The {@code Globals} section: section name ({@code Function}, {@code StateMachine}...) to properties. */
    public Map<String, Object> globals() {
        return globals;
    }

    /** Every resource in template order, properties as written (SAM resources before {@code Globals}). */
    public Map<String, Resource> resources() {
        return resources;
    }

    public Optional<Resource> resource(String logicalId) {
        return Optional.ofNullable(resources.get(logicalId));
    }

    public List<Resource> resourcesOfType(String type) {
        return resources.values().stream().filter(resource -> resource.type().equals(type)).toList();
    }

    /** Every {@code AWS::Serverless::Function}, with {@code Globals.Function} merged. */
    public Map<String, SamFunction> functions() {
        return functions;
    }

    /** Every {@code AWS::Serverless::StateMachine}, with {@code Globals.StateMachine} merged. */
    public Map<String, SamStateMachine> stateMachines() {
        return stateMachines;
    }

    public Map<String, Output> outputs() {
        return outputs;
    }

    /**
     * A SAM resource's properties with its {@code Globals} section merged, as SAM does before translating:
     * plain values (and intrinsics) on the resource win, mappings merge key by key, lists are concatenated
     * with the global items first; {@code IgnoreGlobals} ({@code "*"} or a list of properties) is honoured.
     */
    public Map<String, Object> mergedProperties(String logicalId) {
        Resource resource = resources.get(logicalId);
        if (resource == null) {
            throw new TemplateException(source + " has no resource " + logicalId);
        }
        if (!resource.type().startsWith(SERVERLESS_PREFIX)) {
            return resource.properties();
        }
        String section = resource.type().substring(SERVERLESS_PREFIX.length());
        Map<String, Object> global = new LinkedHashMap<>(Values.map(globals.get(section), "Globals." + section));
        Object ignore = Values.map(document.get("Resources"), "Resources").get(logicalId) instanceof Map<?, ?> entry
                ? entry.get("IgnoreGlobals") : null;
        if ("*".equals(ignore)) {
            global.clear();
        } else if (ignore instanceof List<?> names) {
            names.forEach(name -> global.remove(String.valueOf(name)));
        }
        return Values.map(Values.freeze(merge(global, resource.properties())), "Resources." + logicalId);
    }

    private static Object merge(Object global, Object local) {
        boolean globalMap = global instanceof Map<?, ?> && !Intrinsics.isIntrinsic(global);
        boolean localMap = local instanceof Map<?, ?> && !Intrinsics.isIntrinsic(local);
        if (globalMap && localMap) {
            Map<String, Object> merged = new LinkedHashMap<>(Values.map(global, "Globals"));
            Values.map(local, "Properties").forEach((key, value) ->
                    merged.put(key, merged.containsKey(key) ? merge(merged.get(key), value) : value));
            return merged;
        }
        if (global instanceof List<?> globalList && local instanceof List<?> localList) {
            List<Object> merged = new ArrayList<>(globalList);
            merged.addAll(localList);
            return merged;
        }
        return local;
    }

    private Map<String, Parameter> readParameters() {
        Map<String, Parameter> result = new LinkedHashMap<>();
        Values.map(document.get("Parameters"), "Parameters").forEach((name, definition) -> {
            String at = "Parameters." + name;
            Map<String, Object> fields = Values.map(definition, at);
            result.put(name, new Parameter(name,
                    Values.string(fields.get("Type"), at + ".Type"),
                    fields.get("Default"),
                    Values.list(fields.get("AllowedValues"), at + ".AllowedValues"),
                    Values.string(fields.get("AllowedPattern"), at + ".AllowedPattern"),
                    Values.string(fields.get("Description"), at + ".Description"),
                    Boolean.parseBoolean(String.valueOf(fields.get("NoEcho")))));
        });
        return Collections.unmodifiableMap(result);
    }

    private Map<String, Resource> readResources() {
        Map<String, Resource> result = new LinkedHashMap<>();
        Values.map(document.get("Resources"), "Resources").forEach((logicalId, definition) -> {
            String at = "Resources." + logicalId;
            Map<String, Object> fields = Values.map(definition, at);
            String type = Values.string(fields.get("Type"), at + ".Type");
            if (type == null) {
                throw new TemplateException(at + " has no Type");
            }
            List<String> dependsOn = Values.listOrSingle(fields.get("DependsOn")).stream()
                    .map(String::valueOf).toList();
            result.put(logicalId, new Resource(logicalId, type, Values.map(fields.get("Properties"), at + ".Properties"),
                    Values.string(fields.get("Condition"), at + ".Condition"), dependsOn));
        });
        return Collections.unmodifiableMap(result);
    }

    private Map<String, SamFunction> readFunctions() {
        Map<String, SamFunction> result = new LinkedHashMap<>();
        for (Resource resource : resourcesOfType(Resource.SERVERLESS_FUNCTION)) {
            result.put(resource.logicalId(), new SamFunction(resource.logicalId(),
                    mergedProperties(resource.logicalId()), resource.condition()));
        }
        return Collections.unmodifiableMap(result);
    }

    private Map<String, SamStateMachine> readStateMachines() {
        Map<String, SamStateMachine> result = new LinkedHashMap<>();
        for (Resource resource : resourcesOfType(Resource.SERVERLESS_STATE_MACHINE)) {
            Map<String, Object> properties = mergedProperties(resource.logicalId());
            result.put(resource.logicalId(), new SamStateMachine(resource.logicalId(), properties,
                    resource.condition(), localFile(properties.get("DefinitionUri"))));
        }
        return Collections.unmodifiableMap(result);
    }

    /** A {@code DefinitionUri}/{@code CodeUri} naming a local path; S3 locations and mappings are not local. */
    private Optional<Path> localFile(Object uri) {
        if (uri instanceof String text && !text.startsWith("s3://")) {
            return Optional.of(directory.resolve(text).normalize());
        }
        return Optional.empty();
    }

    private Map<String, Output> readOutputs() {
        Map<String, Output> result = new LinkedHashMap<>();
        Values.map(document.get("Outputs"), "Outputs").forEach((name, definition) -> {
            String at = "Outputs." + name;
            Map<String, Object> fields = Values.map(definition, at);
            Object exportName = Values.map(fields.get("Export"), at + ".Export").get("Name");
            result.put(name, new Output(name, Values.string(fields.get("Description"), at + ".Description"),
                    fields.get("Value"), exportName, Values.string(fields.get("Condition"), at + ".Condition")));
        });
        return Collections.unmodifiableMap(result);
    }

    @Override
    public String toString() {
        return "SamTemplate[" + source + ", " + resources.size() + " resources]";
    }
}
