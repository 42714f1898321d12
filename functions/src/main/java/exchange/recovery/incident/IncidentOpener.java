package exchange.recovery.incident;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.InvalidInput;

/**
 * Turns a plan's start input (a CloudWatch alarm state change delivered by EventBridge, or an
 * operator's console input) into an incident record and stores it once.
 */
public class IncidentOpener {

    static final String ALARM_STATE_CHANGE = "CloudWatch Alarm State Change";

    private final IncidentStore store;
    private final Clock clock;

    public IncidentOpener(IncidentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Incident open(OpenIncidentRequest request) {
        if (request.event() == null || !request.event().isObject()) {
            throw new InvalidInput("event must be a JSON object");
        }
        if (request.executionId() == null || request.executionId().isBlank()) {
            throw new InvalidInput("executionId is required");
        }
        String plan = request.plan() == null || request.plan().isBlank() ? "platform-recovery" : request.plan();
        JsonNode event = request.event();
        Incident incident = ALARM_STATE_CHANGE.equals(event.path("detail-type").asText())
                ? fromAlarm(event, plan, request.executionId())
                : fromConsole(event, plan, request.executionId());
        return store.open(incident);
    }

    private Incident fromAlarm(JsonNode event, String plan, String executionId) {
        JsonNode detail = event.path("detail");
        String alarmName = requiredText(detail, "alarmName", "detail.alarmName");
        JsonNode state = detail.path("state");
        Instant changed = instant(state.path("timestamp").asText(event.path("time").asText()), "detail.state.timestamp");
        IncidentTrigger trigger = new IncidentTrigger(IncidentTrigger.ALARM, alarmName,
                state.path("reason").asText(null), changed);
        // One alarm transition is one incident, however often EventBridge delivers it.
        String incidentId = "ALARM-" + alarmName + "-" + changed.getEpochSecond();
        return new Incident(incidentId, plan, List.of(), trigger, executionId, clock.instant());
    }

    /** A plan input (validated by the plan's first state): the alarm router records its alarm as the trigger. */
    private Incident fromConsole(JsonNode input, String plan, String executionId) {
        String incidentId = requiredText(input, "incidentId", "incidentId");
        List<String> scope = new ArrayList<>();
        input.path("scope").forEach(tier -> scope.add(tier.asText().toLowerCase(Locale.ROOT)));
        JsonNode trigger = input.path("trigger");
        IncidentTrigger recorded = IncidentTrigger.ALARM.equals(trigger.path("source").asText())
                ? new IncidentTrigger(IncidentTrigger.ALARM, requiredText(trigger, "alarmName", "trigger.alarmName"),
                        trigger.path("reason").asText(null),
                        instant(requiredText(trigger, "stateChangeTime", "trigger.stateChangeTime"), "trigger.stateChangeTime"))
                : new IncidentTrigger(IncidentTrigger.CONSOLE, null, input.path("reason").asText(null), null);
        return new Incident(incidentId, plan, List.copyOf(scope), recorded, executionId, clock.instant());
    }

    private static String requiredText(JsonNode node, String field, String path) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new InvalidInput(path + " is required");
        }
        return value;
    }

    private static Instant instant(String text, String path) {
        try {
            return Instant.parse(normalise(text));
        } catch (DateTimeParseException e) {
            throw new InvalidInput(path + " is not an ISO-8601 time: " + text);
        }
    }

    /** CloudWatch writes offsets as +0000, which ISO-8601 parsing wants as +00:00. */
    private static String normalise(String text) {
        if (text.matches(".*[+-]\\d{4}$")) {
            return text.substring(0, text.length() - 2) + ":" + text.substring(text.length() - 2);
        }
        return text;
    }
}
