package exchange.recovery.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import exchange.recovery.core.Json;
import exchange.recovery.plan.PlanInputValidator;
import exchange.recovery.testing.SampleEvents;

@ExtendWith(MockitoExtension.class)
class IncidentOpenerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T03:30:00Z"), ZoneOffset.UTC);

    @Mock
    private IncidentStore store;

    private IncidentOpener opener;

    @BeforeEach
    void setUp() {
        when(store.open(any())).thenAnswer(call -> call.getArgument(0));
        opener = new IncidentOpener(store, CLOCK);
    }

    @Test
    void alarmStartedPlanInput_recordsTheAlarmAsTrigger() {
        // GIVEN the normalised input the alarm router starts a plan with
        String input = """
                {"incidentId": "ALARM-exchange-db-primary-unavailable-20261128T030005Z", "scope": ["database"],
                 "scenario": "database-instance-failure", "requestedBy": "alarm-router",
                 "trigger": {"source": "ALARM", "alarmName": "exchange-db-primary-unavailable",
                             "reason": "Threshold Crossed", "stateChangeTime": "2026-11-28T03:00:05.123Z"}}""";
        var normalised = Json.MAPPER.valueToTree(new PlanInputValidator(CLOCK).normalise(Json.read(input)));

        // WHEN the incident opens
        Incident incident = opener.open(new OpenIncidentRequest(normalised, "arn:execution", null, "platform-recovery")).incident();

        // THEN it records the alarm, its reason and when its state changed
        assertThat(incident.trigger()).isEqualTo(new IncidentTrigger(IncidentTrigger.ALARM, "exchange-db-primary-unavailable",
                "Threshold Crossed", Instant.parse("2026-11-28T03:00:05.123Z")));
        assertThat(incident.scope()).isEqualTo(List.of("database"));
    }

    @Test
    void consoleStartedPlanInput_recordsTheOperatorsReason() {
        var normalised = Json.MAPPER.valueToTree(new PlanInputValidator(CLOCK).normalise(SampleEvents.load("console-az-outage.json")));

        Incident incident = opener.open(new OpenIncidentRequest(normalised, "arn:execution", null, "platform-recovery")).incident();

        assertThat(incident.incidentId()).isEqualTo("INC-2041");
        assertThat(incident.trigger()).isEqualTo(new IncidentTrigger(IncidentTrigger.CONSOLE, null,
                "use1-az2 degraded: AWS Health event open", null));
    }
}
