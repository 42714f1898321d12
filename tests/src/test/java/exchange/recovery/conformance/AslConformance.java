package exchange.recovery.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import exchange.recovery.local.template.Resource;
import exchange.recovery.local.template.SamStateMachine;
import exchange.recovery.local.template.SamTemplate;

/**
 * Rules for the state machine definitions in {@code statemachines/} and how the template wires them:
 * <ul>
 *   <li>{@link #substitutions()}: every {@code ${...}} in an ASL file is supplied by the state machine's
 *       {@code DefinitionSubstitutions}, and every substitution is used;</li>
 *   <li>{@link #references()}: every ASL file is some state machine's {@code DefinitionUri}, and every
 *       state machine's definition is such a file;</li>
 *   <li>{@link #tasks()}: every Task (inside Parallel branches and Map processors too) retries transient
 *       errors, catches the rest and has a timeout; every {@code .waitForTaskToken} Task has a timeout and a
 *       heartbeat;</li>
 *   <li>{@link #literals()}: no account ids, regions, ARNs (but Step Functions' own
 *       {@code arn:aws:states:::} integrations) or physical resource names inside ASL.</li>
 * </ul>
 */
public final class AslConformance {

    /** What the Lambda service integration raises when Lambda itself, not the function, fails for a while. */
    public static final List<String> LAMBDA_TRANSIENT_ERRORS = List.of("Lambda.ServiceException",
            "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException");

    private static final String SERVICE_INTEGRATION = "arn:aws:states:::";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
    private static final Pattern REGION = Pattern.compile("(?<![A-Za-z0-9])(?:us-gov|us-iso|us-isob|us|eu|ap|sa|ca"
            + "|me|af|il|mx|cn)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-[0-9]{1,2}"
            + "(?![0-9])");
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[^\\s\"',]*");
    /** Task parameters that name a resource: their value must come from a substitution or the state's data. */
    private static final Set<String> RESOURCE_NAME_FIELDS = Set.of("FunctionName", "TopicArn", "TargetArn",
            "QueueUrl", "TableName", "StateMachineArn", "DbInstanceIdentifier", "DBInstanceIdentifier",
            "DbClusterIdentifier", "DBClusterIdentifier", "SourceDBInstanceIdentifier", "TargetDBInstanceIdentifier",
            "SourceDbInstanceIdentifier", "TargetDbInstanceIdentifier", "ReplicationGroupId", "CacheClusterId",
            "GlobalReplicationGroupId", "Cluster", "ClusterName", "Service", "ServiceName", "TaskDefinition",
            "Bucket", "BucketName", "EventBusName", "LogGroupName", "SecretId", "SecretArn", "KeyId", "AlarmName",
            "AlarmNames", "RuleName", "ScheduleName", "JobQueue", "JobDefinition", "ApplicationId", "EnvironmentId",
            "ConfigurationProfileId", "RoleArn", "ResourceArn", "ResourceName");
    private static final Set<String> FUNCTION_TYPES = Set.of(Resource.SERVERLESS_FUNCTION, "AWS::Lambda::Function",
            "AWS::Lambda::Alias", "AWS::Lambda::Version");
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private final Project project;
    private final SamTemplate template;
    private final List<AslFile> files;

    public AslConformance(Project project, SamTemplate template) {
        this.project = project;
        this.template = template;
        this.files = project.aslFiles().stream().map(this::read).toList();
    }

    /** Every rule, plus files that are not JSON at all. */
    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>(json());
        findings.addAll(references());
        findings.addAll(substitutions());
        findings.addAll(tasks());
        findings.addAll(literals());
        return findings;
    }

    /** ASL files that are not JSON, or repeat a key (a repeated state name silently replaces the first). */
    public List<Finding> json() {
        return files.stream().filter(file -> file.root() == null)
                .map(file -> new Finding("asl.json", file.subject(), file.error())).toList();
    }

    public List<Finding> references() {
        List<Finding> findings = new ArrayList<>();
        Set<Path> referenced = new LinkedHashSet<>();
        for (SamStateMachine machine : template.stateMachines().values()) {
            Optional<Path> definition = machine.definitionPath();
            if (definition.isEmpty()) {
                findings.add(new Finding("asl.definition-not-local", machine.logicalId(),
                        "keeps its definition outside statemachines/ (inline Definition or S3); put it in "
                                + "statemachines/<name>" + Project.ASL_SUFFIX + " and name it in DefinitionUri"));
            } else if (!Files.isRegularFile(definition.get())) {
                findings.add(new Finding("asl.definition-missing", machine.logicalId(),
                        "DefinitionUri " + machine.definitionUri() + " names no file (" + definition.get() + ")"));
            } else {
                referenced.add(definition.get().toAbsolutePath().normalize());
            }
        }
        for (AslFile file : files) {
            if (!referenced.contains(file.path())) {
                findings.add(new Finding("asl.unreferenced", file.subject(),
                        "no AWS::Serverless::StateMachine in " + project.relative(project.template())
                                + " has this file as DefinitionUri"));
            }
        }
        return findings;
    }

    public List<Finding> substitutions() {
        List<Finding> findings = new ArrayList<>();
        for (SamStateMachine machine : template.stateMachines().values()) {
            Optional<Path> definition = machine.definitionPath().filter(Files::isRegularFile);
            if (definition.isEmpty()) {
                continue;
            }
            String subject = machine.logicalId() + " (" + project.relative(definition.get()) + ")";
            Set<String> used = placeholders(readText(definition.get()));
            Set<String> supplied = machine.definitionSubstitutions().keySet();
            for (String name : used) {
                if (!supplied.contains(name)) {
                    findings.add(new Finding("asl.substitution-missing", subject,
                            "${" + name + "} is not supplied by DefinitionSubstitutions"));
                }
            }
            for (String name : supplied) {
                if (!used.contains(name)) {
                    findings.add(new Finding("asl.substitution-unused", subject,
                            "DefinitionSubstitutions." + name + " is not used by the definition"));
                }
            }
        }
        return findings;
    }

    public List<Finding> tasks() {
        List<Finding> findings = new ArrayList<>();
        for (AslFile file : parsedFiles()) {
            Set<String> lambdaPlaceholders = lambdaPlaceholders(file.path());
            forEachState(file.root().path("States"), "States", (path, state) -> {
                if ("Task".equals(state.path("Type").asText())) {
                    checkTask(file.subject() + " " + path, state, lambdaPlaceholders, findings);
                }
            });
        }
        return findings;
    }

    public List<Finding> literals() {
        List<Finding> findings = new ArrayList<>();
        for (AslFile file : parsedFiles()) {
            walkText(file.root(), "$", (path, text) -> checkText(file.subject() + " " + path, text, findings));
            forEachState(file.root().path("States"), "States", (path, state) -> {
                if ("Task".equals(state.path("Type").asText())) {
                    checkPhysicalNames(file.subject() + " " + path, state, findings);
                }
            });
        }
        return findings;
    }

    private void checkTask(String subject, JsonNode task, Set<String> lambdaPlaceholders, List<Finding> findings) {
        String resource = task.path("Resource").asText("");
        Set<String> retried = new LinkedHashSet<>();
        for (JsonNode retrier : task.path("Retry")) {
            if (retrier.path("MaxAttempts").asInt(3) > 0) {
                retrier.path("ErrorEquals").forEach(error -> retried.add(error.asText()));
            }
        }
        if (isLambda(resource, lambdaPlaceholders)) {
            List<String> uncovered = retried.contains("States.ALL") ? List.of()
                    : LAMBDA_TRANSIENT_ERRORS.stream().filter(error -> !retried.contains(error)).toList();
            if (!uncovered.isEmpty()) {
                findings.add(new Finding("asl.task-retry", subject,
                        "Lambda task does not retry the transient errors " + String.join(", ", uncovered)));
            }
        } else if (retried.isEmpty()) {
            findings.add(new Finding("asl.task-retry", subject,
                    "Task has no Retry for transient errors of " + (resource.isEmpty() ? "its service" : resource)));
        }
        if (!task.path("Catch").isArray() || task.path("Catch").isEmpty()) {
            findings.add(new Finding("asl.task-catch", subject,
                    "Task has no Catch leading to a state that records the failure"));
        }
        boolean timeout = task.has("TimeoutSeconds") || task.has("TimeoutSecondsPath");
        if (resource.endsWith(".waitForTaskToken")) {
            if (!timeout) {
                findings.add(new Finding("asl.callback-timeout", subject,
                        ".waitForTaskToken Task has no TimeoutSeconds: it would wait for up to a year"));
            }
            if (!task.has("HeartbeatSeconds") && !task.has("HeartbeatSecondsPath")) {
                findings.add(new Finding("asl.callback-heartbeat", subject,
                        ".waitForTaskToken Task has no HeartbeatSeconds"));
            }
        } else if (!timeout) {
            findings.add(new Finding("asl.task-timeout", subject, "Task has no TimeoutSeconds"));
        }
    }

    private static boolean isLambda(String resource, Set<String> lambdaPlaceholders) {
        if (resource.startsWith(SERVICE_INTEGRATION + "lambda:invoke")) {
            return true;
        }
        Matcher whole = PLACEHOLDER.matcher(resource);
        return whole.matches() && lambdaPlaceholders.contains(whole.group(1).trim());
    }

    /** Substitutions that give a Lambda function's ARN: a Task using one directly as Resource invokes Lambda. */
    private Set<String> lambdaPlaceholders(Path file) {
        Set<String> names = new LinkedHashSet<>();
        for (SamStateMachine machine : template.stateMachines().values()) {
            if (machine.definitionPath().filter(file::equals).isEmpty()) {
                continue;
            }
            machine.definitionSubstitutions().forEach((name, value) -> {
                if (referencedResource(value).map(this::isFunction).orElse(false)) {
                    names.add(name);
                }
            });
        }
        return names;
    }

    private boolean isFunction(String logicalId) {
        return template.resource(logicalId).map(resource -> FUNCTION_TYPES.contains(resource.type())).orElse(false);
    }

    private static Optional<String> referencedResource(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Object ref = map.get("Ref");
            if (ref instanceof String name) {
                return Optional.of(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
            }
            if (map.get("Fn::GetAtt") instanceof List<?> parts && !parts.isEmpty()) {
                return Optional.of(String.valueOf(parts.get(0)));
            }
        }
        return Optional.empty();
    }

    private static void checkText(String subject, String text, List<Finding> findings) {
        Matcher account = ACCOUNT_ID.matcher(text);
        if (account.find()) {
            findings.add(new Finding("asl.account-id", subject,
                    "holds what looks like an account id (" + account.group() + "): pass it in a substitution"));
        }
        Matcher region = REGION.matcher(text);
        if (region.find()) {
            findings.add(new Finding("asl.region", subject,
                    "names the region " + region.group() + ": pass it in a substitution"));
        }
        Matcher arn = ARN.matcher(text);
        while (arn.find()) {
            if (!arn.group().startsWith(SERVICE_INTEGRATION)) {
                findings.add(new Finding("asl.arn", subject,
                        "holds the ARN " + arn.group() + ": pass it in a substitution"));
                break;
            }
        }
    }

    private static void checkPhysicalNames(String subject, JsonNode task, List<Finding> findings) {
        String resource = task.path("Resource").asText("");
        if (!resource.startsWith("arn:") && !PLACEHOLDER.matcher(resource).matches()) {
            findings.add(new Finding("asl.physical-name", subject + ".Resource",
                    "names the resource '" + resource + "': use a service integration or a substitution"));
        }
        boolean ssm = resource.contains(":ssm:");
        for (String arguments : List.of("Parameters", "Arguments")) {
            walkFields(task.path(arguments), subject + "." + arguments, (path, field) -> {
                String name = field.getKey();
                boolean names = RESOURCE_NAME_FIELDS.contains(name) || (ssm && "Name".equals(name));
                if (names) {
                    List<JsonNode> values = new ArrayList<>();
                    if (field.getValue().isArray()) {
                        field.getValue().forEach(values::add);
                    } else {
                        values.add(field.getValue());
                    }
                    for (JsonNode value : values) {
                        if (value.isTextual() && !PLACEHOLDER.matcher(value.asText()).find()
                                && !value.asText().startsWith("arn:")) {
                            findings.add(new Finding("asl.physical-name", path,
                                    "names the resource '" + value.asText() + "': pass it in a substitution"));
                        }
                    }
                }
            });
        }
    }

    /** Calls {@code visitor} with the path of every state, descending into Parallel branches and Map processors. */
    static void forEachState(JsonNode states, String path, BiConsumer<String, JsonNode> visitor) {
        for (Map.Entry<String, JsonNode> entry : states.properties()) {
            String statePath = path + "." + entry.getKey();
            JsonNode state = entry.getValue();
            visitor.accept(statePath, state);
            JsonNode branches = state.path("Branches");
            for (int i = 0; i < branches.size(); i++) {
                forEachState(branches.get(i).path("States"), statePath + ".Branches[" + i + "].States", visitor);
            }
            for (String processor : List.of("ItemProcessor", "Iterator")) {
                if (state.has(processor)) {
                    forEachState(state.path(processor).path("States"), statePath + "." + processor + ".States", visitor);
                }
            }
        }
    }

    /** Every field name and scalar value with its path ({@code $.States.A.Parameters.B}). */
    private static void walkText(JsonNode node, String path, BiConsumer<String, String> visitor) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String fieldPath = path + "." + field.getKey();
                visitor.accept(fieldPath, field.getKey());
                walkText(field.getValue(), fieldPath, visitor);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkText(node.get(i), path + "[" + i + "]", visitor);
            }
        } else if (!node.isNull()) {
            visitor.accept(path, node.asText());
        }
    }

    private static void walkFields(JsonNode node, String path, BiConsumer<String, Map.Entry<String, JsonNode>> visitor) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String fieldPath = path + "." + field.getKey();
                visitor.accept(fieldPath, field);
                walkFields(field.getValue(), fieldPath, visitor);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkFields(node.get(i), path + "[" + i + "]", visitor);
            }
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1).trim());
        }
        return names;
    }

    private List<AslFile> parsedFiles() {
        return files.stream().filter(file -> file.root() != null).toList();
    }

    private AslFile read(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        String text = readText(absolute);
        try {
            return new AslFile(absolute, project.relative(absolute), STRICT_JSON.readTree(text), null);
        } catch (JsonProcessingException e) {
            return new AslFile(absolute, project.relative(absolute), null, "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private record AslFile(Path path, String subject, JsonNode root, String error) {
    }
}
