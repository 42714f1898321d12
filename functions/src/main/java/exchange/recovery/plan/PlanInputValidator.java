package exchange.recovery.plan;

import exchange.recovery.core.Published;
import exchange.recovery.core.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.PathType;

import exchange.recovery.core.Json;

/**
 * Validates a platform recovery start input against {@code schemas/platform-recovery.input.schema.json}
 * (bundled in the function's jar), checks what a schema cannot say (times not in the future, a restore
 * time not after the corruption), and applies the schema's defaults. Every problem is reported at once.
 */
@Published("Normalises and validates a plan's input; the router validates what it starts with it.")
public class PlanInputValidator {

    public static final String SCHEMA_RESOURCE = "/exchange/recovery/plan/platform-recovery.input.schema.json";
    /** Annotation of the schema: the scope each scenario implies when an input gives none. */
    public static final String DEFAULT_SCOPE_KEYWORD = "x-defaultScope";

    private static final Pattern CONDITIONAL = Pattern.compile("allOf\\[(\\d+)]\\.then");
    private static final List<String> RESTORE_SCENARIOS = Arrays.stream(Scenario.values())
            .filter(Scenario::restoresData).map(Scenario::id).toList();

    private final Clock clock;
    private final JsonNode schemaDocument;
    private final Schema schema;
    private final Map<String, List<String>> defaultScope;

    public PlanInputValidator(Clock clock) {
        this(clock, loadSchema());
    }

    PlanInputValidator(Clock clock, JsonNode schemaDocument) {
        this.clock = clock;
        this.schemaDocument = schemaDocument;
        // Draft 2020-12, with format assertions on and our annotation keyword known to the dialect.
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .keyword(new AnnotationKeyword(DEFAULT_SCOPE_KEYWORD))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDialect(dialect,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true)
                        .pathType(PathType.JSON_PATH)
                        .build()));
        this.schema = registry.getSchema(schemaDocument);
        this.defaultScope = readDefaultScope(schemaDocument);
    }

    /**
     * Validates a sample input once, so that the schema library's lazy work happens before a SnapStart
     * snapshot rather than in the first real invocation.
     */
    public void prime() {
        normalise(Json.read("{\"incidentId\": \"PRIME\", \"scope\": [\"database\"]}"));
    }

    /**
     * A CRaC resource that primes this validator before a SnapStart checkpoint. CRaC holds resources
     * weakly: keep the returned object in a field of the handler.
     */
    public Resource primingResource() {
        Resource priming = new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) {
                prime();
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                // nothing to renew: the validator holds no connections
            }
        };
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** The schema document this validator enforces. */
    public JsonNode schemaDocument() {
        return schemaDocument;
    }

    /** The input with every default applied, or {@link InvalidPlanInput} listing every problem. */
    public PlanInput normalise(JsonNode input) {
        if (input == null || !input.isObject()) {
            throw new InvalidPlanInput(PlanInput.PLAN, List.of("the input must be a JSON object, e.g. "
                    + "{\"incidentId\": \"INC-123\", \"scope\": [\"database\"]}"));
        }
        Set<String> problems = new LinkedHashSet<>();
        for (Error error : schema.validate(input)) {
            problems.add(describe(error));
        }
        Instant now = clock.instant();
        Instant restoreTime = notInFuture(input, "restoreTime", now, problems);
        Instant detectedAt = notInFuture(input, "corruptionDetectedAt", now, problems);
        if (restoreTime != null && detectedAt != null && restoreTime.isAfter(detectedAt)) {
            problems.add("restoreTime " + restoreTime + " is after corruptionDetectedAt " + detectedAt
                    + ": a restore must go back to before the damage");
        }
        if (!problems.isEmpty()) {
            throw new InvalidPlanInput(PlanInput.PLAN, List.copyOf(problems));
        }
        String scenario = text(input, "scenario", defaultText("scenario"));
        List<String> scope = new ArrayList<>();
        if (input.has("scope")) {
            input.get("scope").forEach(tier -> scope.add(tier.asText()));
        } else {
            scope.addAll(defaultScope.get(scenario));
        }
        return new PlanInput(
                input.get("incidentId").asText(),
                Tier.inOrder(scope).stream().map(Tier::id).toList(),
                scenario,
                restoreTime,
                detectedAt,
                text(input, "requestedBy", defaultText("requestedBy")),
                text(input, "reason", null),
                trigger(input),
                input.path("resume").asBoolean(false));
    }

    private PlanTrigger trigger(JsonNode input) {
        JsonNode trigger = input.has("trigger") ? input.get("trigger") : property("trigger").path("default");
        if (trigger.isMissingNode()) {
            return PlanTrigger.console();
        }
        return new PlanTrigger(
                text(trigger, "source", PlanTrigger.CONSOLE),
                text(trigger, "alarmName", null),
                text(trigger, "alarmArn", null),
                text(trigger, "reason", null),
                trigger.path("stateChangeTime").isTextual() ? Instant.parse(trigger.get("stateChangeTime").asText()) : null,
                text(trigger, "route", null));
    }

    private static Instant notInFuture(JsonNode node, String field, Instant now, Set<String> problems) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            return null;
        }
        Instant time;
        try {
            time = Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null; // the schema's date-time format has reported it
        }
        if (time.isAfter(now)) {
            problems.add(field + " " + value.asText() + " is in the future (now " + now + ")");
            return null;
        }
        return time;
    }

    /** Says what is wrong in an operator's words: the field, its value and what is expected. */
    private String describe(Error error) {
        String field = field(error.getInstanceLocation().toString());
        String evaluation = error.getEvaluationPath().toString();
        String value = String.valueOf(error.getInstanceNode());
        if (evaluation.contains("anyOf")) {
            return "scope is required unless a scenario is given (the scenario then implies the scope)";
        }
        Matcher conditional = CONDITIONAL.matcher(evaluation);
        if (conditional.find()) {
            // allOf[i]: if <field> is given then the scenario must restore data
            String given = schemaDocument.at("/allOf/" + conditional.group(1) + "/if/required/0").asText();
            return given + " applies only to the scenarios " + RESTORE_SCENARIOS + ": give one of them as scenario";
        }
        String child = (field.isEmpty() ? "" : field + ".") + error.getProperty();
        return switch (error.getKeyword()) {
            case "required" -> child + " is required";
            case "additionalProperties" -> child + " is not a field of this input";
            case "enum" -> (field.startsWith("scope[") ? field + " " + value + " is not a known tier; known tiers: "
                    : field + " " + value + " is not one of ") + error.getSchemaNode();
            case "type" -> field + " must be of type " + error.getSchemaNode() + ", not " + value;
            case "minItems" -> field + " must not be empty";
            case "uniqueItems" -> field + " names an item more than once: " + value;
            case "format" -> field + " " + value + " is not an ISO-8601 date-time with an offset (e.g. 2026-11-28T02:59:00Z)";
            case "pattern" -> field + " " + value + " does not match " + error.getSchemaNode();
            default -> (field.isEmpty() ? "" : field + ": ") + error.getMessage();
        };
    }

    /** "$.scope[0]" -> "scope[0]", "$" -> "". */
    private static String field(String location) {
        return location.startsWith("$.") ? location.substring(2) : location.equals("$") ? "" : location;
    }

    private JsonNode property(String name) {
        return schemaDocument.path("properties").path(name);
    }

    private String defaultText(String property) {
        JsonNode value = property(property).path("default");
        return value.isTextual() ? value.asText() : null;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : fallback;
    }

    private static Map<String, List<String>> readDefaultScope(JsonNode schemaDocument) {
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        JsonNode table = schemaDocument.path(DEFAULT_SCOPE_KEYWORD);
        for (Map.Entry<String, JsonNode> entry : table.properties()) {
            if (entry.getValue().isArray()) {
                List<String> tiers = new ArrayList<>();
                entry.getValue().forEach(tier -> tiers.add(tier.asText()));
                scopes.put(entry.getKey(), List.copyOf(tiers));
            }
        }
        for (JsonNode scenario : schemaDocument.path("properties").path("scenario").path("enum")) {
            if (!scopes.containsKey(scenario.asText())) {
                throw new IllegalStateException("The plan input schema gives no " + DEFAULT_SCOPE_KEYWORD + " for scenario " + scenario);
            }
        }
        return Map.copyOf(scopes);
    }

    private static JsonNode loadSchema() {
        try (InputStream in = PlanInputValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The plan input schema is missing from the classpath: " + SCHEMA_RESOURCE);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
