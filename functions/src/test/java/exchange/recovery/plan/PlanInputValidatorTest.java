package exchange.recovery.plan;

import exchange.recovery.core.Tier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;
import exchange.recovery.testing.SampleEvents;

class PlanInputValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-28T03:30:00Z");
    private final PlanInputValidator validator = new PlanInputValidator(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void minimalConsoleInput_getsEveryDefault() {
        // GIVEN the smallest input an operator may type
        JsonNode input = SampleEvents.load("console-minimal.json");

        // WHEN it is normalised
        PlanInput normalised = validator.normalise(input);

        // THEN every other field has its documented default
        assertThat(normalised).isEqualTo(new PlanInput("INC-123", List.of("database"), "instance-failure", null, null,
                "console", null, PlanTrigger.console(), false, null));
    }

    @Test
    void scenarioWithoutScope_recoversTheScopeTheScenarioImplies() {
        PlanInput normalised = validator.normalise(SampleEvents.load("console-az-outage.json"));

        assertThat(normalised.scope()).containsExactlyElementsOf(Tier.ids());
        assertThat(normalised.requestedBy()).isEqualTo("alice");
    }

    @Test
    void scope_isReturnedInDependencyOrder() {
        PlanInput normalised = validator.normalise(Json.read("""
                {"incidentId": "INC-7", "scope": ["deposits-withdrawals", "trading-api", "database"]}"""));

        assertThat(normalised.scope()).containsExactly("database", "trading-api", "deposits-withdrawals");
    }

    @Test
    void dataCorruptionInput_keepsItsTimes() {
        PlanInput normalised = validator.normalise(SampleEvents.load("console-data-corruption.json"));

        assertThat(normalised.restoreTime()).isEqualTo(Instant.parse("2026-11-28T02:45:00Z"));
        assertThat(normalised.corruptionDetectedAt()).isEqualTo(Instant.parse("2026-11-28T02:47:00Z"));
        assertThat(normalised.scope()).containsExactly("database", "wallet");
    }

    @Test
    void invalidConsoleSample_listsEveryProblemAtOnce() {
        InvalidPlanInput rejected = catchThrowableOfType(InvalidPlanInput.class,
                () -> validator.normalise(SampleEvents.load("console-invalid.json")));

        assertThat(rejected.problems()).containsExactlyInAnyOrder(
                "scope[0] \"databse\" is not a known tier; known tiers: " + Json.write(Tier.ids()),
                "scenario \"meteor-strike\" is not one of " + Json.write(Scenario.ids()),
                "incidentId is required",
                "restoreTime applies only to the scenarios [data-corruption, accidental-deletion]: give one of them as scenario",
                "restoreTime 2999-01-01T00:00:00Z is in the future (now 2026-11-28T03:30:00Z)");
        assertThat(rejected).isInstanceOf(InvalidInput.class)
                .hasMessageStartingWith("Invalid platform-recovery input (5 problems): ");
    }

    static Stream<Arguments> validInputs() {
        return Stream.of(
                Arguments.of("{\"incidentId\": \"INC-123\", \"scope\": [\"database\"]}"),
                Arguments.of("{\"incidentId\": \"ab\", \"scenario\": \"provider-outage\"}"),
                Arguments.of("{\"incidentId\": \"INC.2026_11-28\", \"scope\": [\"wallet\", \"database\"], \"reason\": \"drill\"}"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scenario\": \"accidental-deletion\", \"restoreTime\": \"2026-11-28T03:29:59Z\"}"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scenario\": \"data-corruption\", \"corruptionDetectedAt\": \"2026-11-28T04:00:00+01:00\"}"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scenario\": \"data-corruption\", \"restoreTime\": \"2026-11-28T02:00:00Z\", "
                        + "\"corruptionDetectedAt\": \"2026-11-28T02:00:00Z\"}"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": [\"market-data\"], \"trigger\": {\"source\": \"ALARM\", "
                        + "\"alarmName\": \"exchange-x\", \"stateChangeTime\": \"2026-11-28T03:00:00.123Z\", "
                        + "\"alarmArn\": \"arn:aws:cloudwatch:us-east-1:123456789012:alarm:exchange-x\"}}"));
    }

    @ParameterizedTest
    @MethodSource("validInputs")
    void validInput_isAccepted(String input) {
        assertThat(validator.normalise(Json.read(input)).incidentId()).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("validInputs")
    void normalisedInput_isValidAndUnchangedWhenNormalisedAgain(String input) {
        // GIVEN an input as the plan's first state returns it (or the router starts a plan with it)
        PlanInput once = validator.normalise(Json.read(input));

        // WHEN it is validated again (a nested plan, a redrive)
        PlanInput twice = validator.normalise(Json.MAPPER.valueToTree(once));

        // THEN it passes unchanged
        assertThat(twice).isEqualTo(once);
    }

    static Stream<Arguments> invalidInputs() {
        return Stream.of(
                Arguments.of("{\"scope\": [\"database\"]}", "incidentId is required"),
                Arguments.of("{\"incidentId\": \"INC 1\", \"scope\": [\"database\"]}", "incidentId \"INC 1\" does not match"),
                Arguments.of("{\"incidentId\": \"INC-1\"}", "scope is required unless a scenario is given"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": []}", "scope must not be empty"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": \"database\"}", "scope must be of type \"array\""),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": [\"database\", \"database\"]}", "scope names an item more than once"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": [\"redis\"]}", "scope[0] \"redis\" is not a known tier"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": [\"database\"], \"scenario\": \"fire\"}", "scenario \"fire\" is not one of"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scenario\": \"data-corruption\", \"restoreTime\": \"2026-11-28T04:00:00Z\"}",
                        "restoreTime 2026-11-28T04:00:00Z is in the future"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scenario\": \"data-corruption\", \"restoreTime\": \"2026-11-28 02:00\"}",
                        "restoreTime \"2026-11-28 02:00\" is not an ISO-8601 date-time"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scenario\": \"data-corruption\", \"restoreTime\": \"2026-11-28T02:00:00\"}",
                        "is not an ISO-8601 date-time with an offset"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scenario\": \"data-corruption\", \"corruptionDetectedAt\": \"2026-11-28T03:31:00Z\"}",
                        "corruptionDetectedAt 2026-11-28T03:31:00Z is in the future"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scenario\": \"data-corruption\", \"restoreTime\": \"2026-11-28T02:10:00Z\", "
                        + "\"corruptionDetectedAt\": \"2026-11-28T02:00:00Z\"}", "restoreTime 2026-11-28T02:10:00Z is after corruptionDetectedAt"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": [\"database\"], \"restoreTime\": \"2026-11-28T02:00:00Z\"}",
                        "restoreTime applies only to the scenarios"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scenario\": \"az-outage\", \"corruptionDetectedAt\": \"2026-11-28T02:00:00Z\"}",
                        "corruptionDetectedAt applies only to the scenarios"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": [\"database\"], \"scopes\": [\"wallet\"]}", "scopes is not a field of this input"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": [\"database\"], \"trigger\": {\"source\": \"ALARM\"}}",
                        "trigger.alarmName is required"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": [\"database\"], \"trigger\": {\"source\": \"ALARM\", "
                        + "\"alarmName\": null, \"stateChangeTime\": \"2026-11-28T03:00:00Z\"}}", "trigger.alarmName must be of type \"string\""),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": null}", "scope must be of type \"array\""),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": [\"database\"], \"trigger\": {\"source\": \"PAGER\"}}",
                        "trigger.source \"PAGER\" is not one of"),
                Arguments.of("{\"incidentId\": \"INC-1\", \"scope\": [\"database\"], \"requestedBy\": \"\"}", "requestedBy"),
                Arguments.of("[\"INC-1\"]", "the input must be a JSON object"));
    }

    @ParameterizedTest
    @MethodSource("invalidInputs")
    void invalidInput_isRejectedWithAClearProblem(String input, String problem) {
        assertThatThrownBy(() -> validator.normalise(Json.read(input)))
                .isInstanceOf(InvalidPlanInput.class)
                .satisfies(error -> assertThat(((InvalidPlanInput) error).problems()).anySatisfy(
                        reported -> assertThat(reported).contains(problem)));
    }

    @Test
    void restoreTimeExactlyNow_isNotInTheFuture() {
        PlanInput normalised = validator.normalise(Json.read("""
                {"incidentId": "INC-1", "scenario": "data-corruption", "restoreTime": "2026-11-28T03:30:00Z"}"""));

        assertThat(normalised.restoreTime()).isEqualTo(NOW);
    }

    @Test
    void schemaTiers_areTheTiersInDependencyOrder() {
        JsonNode schema = validator.schemaDocument();

        assertThat(texts(schema.at("/properties/scope/items/enum"))).containsExactlyElementsOf(Tier.ids());
    }

    @Test
    void schemaScenarios_areTheScenariosAndEachImpliesAKnownScope() {
        JsonNode schema = validator.schemaDocument();

        assertThat(texts(schema.at("/properties/scenario/enum"))).containsExactlyElementsOf(Scenario.ids());
        for (String scenario : Scenario.ids()) {
            JsonNode scope = schema.path(PlanInputValidator.DEFAULT_SCOPE_KEYWORD).path(scenario);
            assertThat(texts(scope)).as("default scope of %s", scenario).isNotEmpty().isSubsetOf(Tier.ids());
        }
    }

    @Test
    void bundledSchema_isTheRepositorysSchemaFile() throws IOException {
        JsonNode file = Json.MAPPER.readTree(Files.readString(Path.of("../schemas/platform-recovery.input.schema.json")));

        assertThat(validator.schemaDocument()).isEqualTo(file);
    }

    @Test
    void schemaRestoreScenarios_areTheOnesThatRestoreData() {
        JsonNode schema = validator.schemaDocument();
        List<String> restoring = Stream.of(Scenario.values()).filter(Scenario::restoresData).map(Scenario::id).toList();

        assertThat(texts(schema.at("/$defs/restoringScenario/properties/scenario/enum"))).containsExactlyElementsOf(restoring);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
