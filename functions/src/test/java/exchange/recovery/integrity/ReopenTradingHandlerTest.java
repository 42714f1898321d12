package exchange.recovery.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.hold.Holds;
import exchange.recovery.hold.InMemoryHoldStore;

class ReopenTradingHandlerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T03:00:00Z"), ZoneOffset.UTC);

    private final Holds holds = new Holds(new InMemoryHoldStore(), CLOCK);
    private final IntegrityGate gate = mock(IntegrityGate.class);
    private final TradingReopening reopening = new TradingReopening(holds, gate, CLOCK);
    private final Context context = mock(Context.class);

    @Test
    void handler_returnsBothPhasesAndTheOpenStateWhenTheChecksPass() {
        // GIVEN trading halted by the incident and checks that pass
        reopening.halt("INC-1", "failover");
        checks(IntegrityGate.TRADING_CORRECTNESS, true);
        checks(TradingReopening.BOOK_CHECKS, true);

        // WHEN the trading-API tier reopens
        JsonNode output = invoke("""
                {"incidentId": " INC-1 ", "tier": "trading-api"}
                """);

        // THEN trading went through cancel-only to open, each phase with its time and checks
        assertThat(output.path("incidentId").asText()).isEqualTo("INC-1");
        assertThat(output.path("state").asText()).isEqualTo("OPEN");
        assertThat(output.path("phases")).hasSize(2);
        assertThat(output.path("phases").get(0).path("phase").asText()).isEqualTo("CANCEL_ONLY");
        assertThat(output.path("phases").get(0).path("at").asText()).isEqualTo("2026-03-01T03:00:00Z");
        assertThat(output.path("phases").get(0).path("checks")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(IntegrityGate.TRADING_CORRECTNESS);
        assertThat(output.path("phases").get(0).path("flag").asText()).isEqualTo("trading-cancels");
        assertThat(output.path("phases").get(0).path("lifted").asBoolean()).isTrue();
        assertThat(output.path("phases").get(1).path("phase").asText()).isEqualTo("OPEN");
        assertThat(output.path("phases").get(1).path("flag").asText()).isEqualTo("trading");
        assertThat(output.path("phases").get(1).path("checks")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(TradingReopening.BOOK_CHECKS);
        assertThat(reopening.phase()).isEqualTo(TradingPhase.OPEN);
    }

    @Test
    void handler_raisesTheRefusalAndLeavesTradingCancelOnlyWhenTheBookFailsAgain() {
        reopening.halt("INC-1", "failover");
        checks(IntegrityGate.TRADING_CORRECTNESS, true);
        checks(TradingReopening.BOOK_CHECKS, false);

        assertThatThrownBy(() -> invoke("{\"incidentId\": \"INC-1\", \"tier\": \"trading-api\"}"))
                .isInstanceOf(TradingReopenRefused.class);
        assertThat(reopening.phase()).isEqualTo(TradingPhase.CANCEL_ONLY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"tier\": \"trading-api\"}",
            "{\"incidentId\": \"  \", \"tier\": \"trading-api\"}",
            "{\"incidentId\": \"INC 1; drop\", \"tier\": \"trading-api\"}",
            "{\"incidentId\": \"INC-1\"}",
            "{\"incidentId\": \"INC-1\", \"tier\": \"matching-engine\"}",
            "{\"incidentId\": \"INC-1\", \"tier\": \"vibes\"}"})
    void handler_refusesBadInputWithoutRunningChecksOrTouchingTheHalt(String input) {
        // GIVEN trading halted by the incident
        reopening.halt("INC-1", "failover");

        // WHEN the request is bad THEN it is refused as such
        assertThatThrownBy(() -> invoke(input)).isInstanceOf(InvalidReopenInput.class);

        // AND nothing ran and nothing changed
        verifyNoInteractions(gate);
        assertThat(reopening.phase()).isEqualTo(TradingPhase.HALTED);
    }

    private void checks(List<String> names, boolean passed) {
        GateReport report = IntegrityCheckFailedTest.report(names.stream()
                .map(name -> new CheckResult(name, passed, passed ? "ok" : "violated", null)).toArray(CheckResult[]::new));
        when(gate.run(argThat(request -> request != null && names.equals(request.checks())))).thenReturn(report);
    }

    private JsonNode invoke(String input) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new ReopenTradingHandler(reopening).handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                output, context);
        return Json.read(output.toString(StandardCharsets.UTF_8));
    }
}
