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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;

class OpenIncidentHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T03:05:00Z");

    private final IncidentStore store = mock(IncidentStore.class);
    private final OpenIncidentHandler handler = new OpenIncidentHandler(
            new IncidentOpener(store, Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void alarmEvent_opensAnIncidentNamedAfterTheAlarmTransition() throws Exception {
        when(store.open(any())).thenAnswer(call -> call.getArgument(0));
        String event = Files.readString(Path.of("../events/alarm-state-change.json"));

        String output = invoke("{\"event\":" + event + ",\"executionId\":\"arn:exec:1\",\"plan\":\"platform-recovery\"}");

        ArgumentCaptor<Incident> stored = ArgumentCaptor.forClass(Incident.class);
        verify(store).open(stored.capture());
        Incident incident = stored.getValue();
        assertThat(incident.incidentId()).isEqualTo("ALARM-exchange-api-5xx-rate-1795834800");
        assertThat(incident.trigger().source()).isEqualTo(IncidentTrigger.ALARM);
        assertThat(incident.trigger().reason()).startsWith("Threshold Crossed");
        assertThat(incident.openedAt()).isEqualTo(NOW);
        assertThat(Json.read(output).path("executionId").asText()).isEqualTo("arn:exec:1");
    }

    @Test
    void consoleInput_opensTheNamedIncidentWithItsScope() {
        when(store.open(any())).thenAnswer(call -> call.getArgument(0));

        invoke("{\"event\":{\"incidentId\":\"INC-123\",\"scope\":[\"Database\"]},\"executionId\":\"arn:exec:2\"}");

        ArgumentCaptor<Incident> stored = ArgumentCaptor.forClass(Incident.class);
        verify(store).open(stored.capture());
        assertThat(stored.getValue().incidentId()).isEqualTo("INC-123");
        assertThat(stored.getValue().scope()).containsExactly("database");
        assertThat(stored.getValue().plan()).isEqualTo("platform-recovery");
    }

    @Test
    void consoleInputWithoutIncidentId_isRejectedAndNothingIsStored() {
        assertThatThrownBy(() -> invoke("{\"event\":{\"scope\":[\"database\"]},\"executionId\":\"arn:exec:3\"}"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("incidentId is required");
        verifyNoInteractions(store);
    }

    @Test
    void malformedJson_isRejectedAsInvalidInput() {
        assertThatThrownBy(() -> invoke("{not json"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("not a valid OpenIncidentRequest");
        verifyNoInteractions(store);
    }

    private String invoke(String input) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, mock(Context.class));
        return output.toString(StandardCharsets.UTF_8);
    }
}
