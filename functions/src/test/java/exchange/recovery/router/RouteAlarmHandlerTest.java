package exchange.recovery.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.verifyNoInteractions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;
import exchange.recovery.plan.PlanInputValidator;
import exchange.recovery.testing.SampleEvents;
import exchange.recovery.testing.TestContext;

@ExtendWith(MockitoExtension.class)
class RouteAlarmHandlerTest {

    @Mock
    private ScopeLocks locks;
    @Mock
    private RecoveryExecutions executions;

    private RouteAlarmHandler handler;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-28T03:01:00Z"), ZoneOffset.UTC);
        RouterSettings settings = new RouterSettings(
                Map.of("platform-recovery", "arn:aws:states:us-east-1:123456789012:stateMachine:platform-recovery"),
                "locks", Duration.ofMinutes(30), Duration.ofMinutes(5));
        handler = new RouteAlarmHandler(new AlarmRouter(RoutingTable.fromClasspath(), new PlanInputValidator(clock),
                locks, executions, arn -> Map.of(), settings, clock));
    }

    @Test
    void okEvent_answersWithAnIgnoredDecisionNotAnError() {
        JsonNode decision = Json.read(invoke(SampleEvents.text("alarm-ok.json")));

        assertThat(decision.get("action").asText()).isEqualTo("IGNORED");
        assertThat(decision.get("reason").asText()).contains("only a change to ALARM starts a recovery");
        assertThat(decision.get("alarmName").asText()).isEqualTo("exchange-db-primary-unavailable");
    }

    @Test
    void unknownAlarm_answersWithAnIgnoredDecision() {
        JsonNode decision = Json.read(invoke(SampleEvents.text("alarm-unknown.json")));

        assertThat(decision.get("action").asText()).isEqualTo("IGNORED");
        assertThat(decision.get("reason").asText()).contains("no route of the routing table matches");
    }

    @Test
    void malformedEvent_failsWithTheNamedError() {
        assertThatThrownBy(() -> invoke("{\"source\": \"aws.cloudwatch\", \"detail-type\": \"CloudWatch Alarm State Change\", \"detail\": {}}"))
                .isExactlyInstanceOf(MalformedAlarmEvent.class).isInstanceOf(InvalidInput.class)
                .hasMessage("detail.alarmName is required");
        verifyNoInteractions(locks, executions);
    }

    @Test
    void notJson_failsAsInvalidInput() {
        assertThatThrownBy(() -> invoke("alarm!")).isInstanceOf(InvalidInput.class);
        verifyNoInteractions(locks, executions);
    }

    private String invoke(String event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                new TestContext("route-alarm"));
        return output.toString(StandardCharsets.UTF_8);
    }
}
