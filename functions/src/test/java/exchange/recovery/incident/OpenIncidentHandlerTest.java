package exchange.recovery.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;

class OpenIncidentHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T03:05:00Z");

    private final IncidentStore store = mock(IncidentStore.class);
    private final OpenIncidentHandler handler = new OpenIncidentHandler(
            new IncidentOpener(store, Clock.fixed(NOW, ZoneOffset.UTC)));

    @BeforeEach
    void storeKeepsWhatItIsGiven() {
        when(store.open(any())).thenAnswer(call -> call.getArgument(0));
    }

    @Test
    void alarmTriggeredInput_recordsTheTriggerAndMeasuresFromTheStateChange() {
        JsonNode output = invoke("""
                {"input":{"incidentId":"ALARM-exchange-rds-1795834800","scope":["database"],"scenario":"database-instance-failure",
                 "trigger":{"source":"ALARM","alarmName":"exchange-rds-primary-down","reason":"Threshold Crossed",
                            "stateChangeTime":"2026-11-28T03:00:00.000+0000"}},
                 "executionId":"arn:exec:1","executionStartTime":"2026-11-28T03:00:02Z"}
                """);

        ArgumentCaptor<Incident> stored = ArgumentCaptor.forClass(Incident.class);
        verify(store).open(stored.capture());
        assertThat(stored.getValue().trigger().alarmName()).isEqualTo("exchange-rds-primary-down");
        assertThat(stored.getValue().openedAt()).isEqualTo(NOW);
        assertThat(output.path("incidentStartedAt").asText()).isEqualTo("2026-11-28T03:00:00Z");
        assertThat(output.path("pauseWithdrawals").asBoolean()).isTrue();
    }

    @Test
    void plan_listsEveryTierInTheSeedsOrderWithOnlyTheScopeToRecover() {
        JsonNode output = invoke("{\"input\":{\"incidentId\":\"INC-123\",\"scope\":[\"trading-api\"]},\"executionId\":\"arn:exec:2\"}");

        List<String> tiers = output.path("tiers").findValuesAsText("tier");
        assertThat(tiers).containsExactly("database", "wallet", "matching-engine", "trading-api", "market-data",
                "deposits-withdrawals");
        assertThat(output.path("tiers").get(3).path("inScope").asBoolean()).isTrue();
        assertThat(output.path("tiers").get(0).path("inScope").asBoolean()).isFalse();
        assertThat(output.path("pauseWithdrawals").asBoolean()).isFalse();
        assertThat(output.path("incidentStartedAt").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void resume_skipsTiersThatAlreadyPassed() {
        when(store.tiers("INC-9")).thenReturn(List.of(outcome("database", 1, "RECOVERED"), outcome("wallet", 2, "FAILED")));

        JsonNode output = invoke("{\"input\":{\"incidentId\":\"INC-9\",\"scope\":[\"database\"],\"resume\":true},\"executionId\":\"arn:exec:3\"}");

        assertThat(output.path("tiers").findValuesAsText("tier")).startsWith("wallet").doesNotContain("database");
        assertThat(output.path("skippedTiers").get(0).asText()).isEqualTo("database");
    }

    @Test
    void inputWithoutIncidentId_isRejectedAndNothingIsStored() {
        assertThatThrownBy(() -> invoke("{\"input\":{\"scope\":[\"database\"]},\"executionId\":\"arn:exec:4\"}"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("incidentId is required");
        verifyNoInteractions(store);
    }

    @Test
    void unknownTier_isRejectedAndNothingIsStored() {
        assertThatThrownBy(() -> invoke("{\"input\":{\"incidentId\":\"INC-1\",\"scope\":[\"mainframe\"]},\"executionId\":\"arn:exec:5\"}"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("Unknown tier 'mainframe'");
        verifyNoInteractions(store);
    }

    @Test
    void malformedJson_isRejectedAsInvalidInput() {
        assertThatThrownBy(() -> invoke("{not json"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("not a valid OpenIncidentRequest");
        verifyNoInteractions(store);
    }

    private static TierOutcome outcome(String tier, int order, String outcome) {
        return new TierOutcome(tier, order, "RECOVER", outcome, NOW, NOW, 0, 0, "minutes", 60, true, null);
    }

    private JsonNode invoke(String input) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, mock(Context.class));
        return Json.read(output.toString(StandardCharsets.UTF_8));
    }
}
