package exchange.recovery.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.testing.SampleEvents;
import exchange.recovery.testing.TestContext;

class ValidatePlanInputHandlerTest {

    private final ValidatePlanInputHandler handler = new ValidatePlanInputHandler(
            new PlanInputValidator(Clock.fixed(Instant.parse("2026-11-28T03:30:00Z"), ZoneOffset.UTC)));

    @Test
    void consoleInput_comesBackNormalisedWithEveryFieldPresent() {
        JsonNode output = Json.read(invoke(SampleEvents.text("console-minimal.json")));

        assertThat(output.get("incidentId").asText()).isEqualTo("INC-123");
        assertThat(output.get("scenario").asText()).isEqualTo("instance-failure");
        assertThat(output.has("restoreTime")).as("absent values stay addressable by later states").isTrue();
        assertThat(output.get("restoreTime").isNull()).isTrue();
        assertThat(output.at("/trigger/source").asText()).isEqualTo("CONSOLE");
    }

    @Test
    void invalidInput_failsWithTheNamedErrorTheStateMachineCatches() {
        assertThatThrownBy(() -> invoke(SampleEvents.text("console-invalid.json")))
                .isExactlyInstanceOf(InvalidPlanInput.class)
                .hasMessageContaining("incidentId is required");
        assertThat(InvalidPlanInput.class.getName()).isEqualTo("exchange.recovery.plan.InvalidPlanInput");
    }

    private String invoke(String input) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, new TestContext("validate-plan-input"));
        return output.toString(StandardCharsets.UTF_8);
    }
}
