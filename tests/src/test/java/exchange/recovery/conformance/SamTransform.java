package exchange.recovery.conformance;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import exchange.recovery.local.template.Resource;
import exchange.recovery.local.template.SamFunction;
import exchange.recovery.local.template.SamStateMachine;
import exchange.recovery.local.template.SamTemplate;

/**
 * The AWS SAM translator turns the template into CloudFormation (through {@code sam_transform.py}, fed the
 * template model's JSON), and the result holds what each SAM resource should become: a Lambda function
 * (with its alias when {@code AutoPublishAlias} is set), a Step Functions state machine, an EventBridge
 * rule or schedule per event source; no {@code AWS::Serverless::*} resource is left.
 */
public final class SamTransform {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> EVENT_RESOURCES = Map.of(
            "EventBridgeRule", "AWS::Events::Rule",
            "CloudWatchEvent", "AWS::Events::Rule",
            "Schedule", "AWS::Events::Rule",
            "ScheduleV2", "AWS::Scheduler::Schedule");

    private final Project project;
    private final SamTemplate template;

    public SamTransform(Project project, SamTemplate template) {
        this.project = project;
        this.template = template;
    }

    /** What the translation produced: the CloudFormation resources (id to type), or SAM's complaints. */
    public record Outcome(Map<String, String> resourceTypes, List<Finding> errors) {
    }

    public List<Finding> check() {
        Outcome outcome = transform();
        return outcome.errors().isEmpty() ? missingResources(template, outcome.resourceTypes()) : outcome.errors();
    }

    public Outcome transform() {
        Path input = null;
        try {
            input = Files.createTempFile("sam-template", ".json");
            JSON.writeValue(input.toFile(), template.document());
            ExternalCommand.Result result = ExternalCommand.run(
                    List.of("python3", script().toString(), input.toString(), template.directory().toString()),
                    project.root(), Duration.ofMinutes(3), "python3 is needed to run the AWS SAM translator");
            if (result.exitCode() == 3) {
                throw new IllegalStateException(result.stderr().strip());
            }
            if (result.exitCode() != 0) {
                List<Finding> errors = result.stderr().lines().filter(line -> !line.isBlank())
                        .map(line -> new Finding("sam.transform", project.relative(project.template()), line.strip()))
                        .toList();
                return new Outcome(Map.of(), errors.isEmpty()
                        ? List.of(new Finding("sam.transform", project.relative(project.template()),
                                "sam_transform.py exited with " + result.exitCode()))
                        : errors);
            }
            Map<String, Map<String, Object>> resources = JSON.convertValue(
                    JSON.readValue(result.stdout(), new TypeReference<Map<String, Object>>() { }).get("Resources"),
                    new TypeReference<Map<String, Map<String, Object>>>() { });
            Map<String, String> types = new LinkedHashMap<>();
            resources.forEach((id, resource) -> types.put(id, String.valueOf(resource.get("Type"))));
            return new Outcome(types, List.of());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run the SAM translation: " + e.getMessage(), e);
        } finally {
            if (input != null) {
                input.toFile().delete();
            }
        }
    }

    /** What the translation of {@code template} must contain and {@code resourceTypes} (id to type) lacks. */
    public static List<Finding> missingResources(SamTemplate template, Map<String, String> resourceTypes) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (SamFunction function : template.functions().values()) {
            expected.put(function.logicalId(), "AWS::Lambda::Function");
            if (function.autoPublishAlias() instanceof String alias) {
                expected.put(function.logicalId() + "Alias" + alias, "AWS::Lambda::Alias");
            }
            expectEvents(function.logicalId(), function.events(), expected);
        }
        for (SamStateMachine machine : template.stateMachines().values()) {
            expected.put(machine.logicalId(), "AWS::StepFunctions::StateMachine");
            expectEvents(machine.logicalId(), machine.events(), expected);
        }
        for (Resource resource : template.resources().values()) {
            if (!resource.type().startsWith("AWS::Serverless::")) {
                expected.put(resource.logicalId(), resource.type());
            }
        }
        List<Finding> findings = new ArrayList<>();
        expected.forEach((id, type) -> {
            if (!type.equals(resourceTypes.get(id))) {
                findings.add(new Finding("sam.missing-resource", id, "the SAM translation has "
                        + (resourceTypes.containsKey(id) ? "a " + resourceTypes.get(id) : "no resource")
                        + " where a " + type + " was expected"));
            }
        });
        resourceTypes.forEach((id, type) -> {
            if (type.startsWith("AWS::Serverless::")) {
                findings.add(new Finding("sam.missing-resource", id, "the SAM translation left " + type + " untranslated"));
            }
        });
        return findings;
    }

    private static void expectEvents(String owner, Map<String, Object> events, Map<String, String> expected) {
        events.forEach((name, event) -> {
            if (event instanceof Map<?, ?> definition && EVENT_RESOURCES.containsKey(String.valueOf(definition.get("Type")))) {
                expected.put(owner + name, EVENT_RESOURCES.get(String.valueOf(definition.get("Type"))));
            }
        });
    }

    private static Path script() {
        URL script = SamTransform.class.getResource("/sam_transform.py");
        if (script == null) {
            throw new IllegalStateException("sam_transform.py is missing from the test classpath (tests/src/test/resources)");
        }
        try {
            return Path.of(script.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
