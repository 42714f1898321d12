package exchange.recovery.incident;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Tier;

/**
 * Records an incident once, from the plan's validated input, and lays out the tiers this execution
 * runs. A redrive ({@code "resume": true}) finds the incident already open and skips the tiers that
 * already passed, so a fixed failure is resumed where it stopped, never replayed from the start.
 */
public class IncidentOpener {

    private static final Set<String> PASSED = Set.of("RECOVERED", "VERIFIED");
    private static final Set<Tier> PAUSE_WITHDRAWALS_FOR = Set.of(Tier.DATABASE, Tier.WALLET);

    private final IncidentStore store;
    private final Clock clock;

    public IncidentOpener(IncidentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public OpenedIncident open(OpenIncidentRequest request) {
        JsonNode input = request.input();
        if (input == null || !input.isObject()) {
            throw new InvalidInput("input must be a JSON object");
        }
        if (request.executionId() == null || request.executionId().isBlank()) {
            throw new InvalidInput("executionId is required");
        }
        String incidentId = input.path("incidentId").asText("");
        if (incidentId.isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        List<Tier> scope = new ArrayList<>();
        input.path("scope").forEach(tier -> scope.add(Tier.of(tier.asText())));
        JsonNode trigger = input.path("trigger");
        Instant stateChange = optionalInstant(trigger.path("stateChangeTime").asText(null), "trigger.stateChangeTime");
        IncidentTrigger recordedTrigger = new IncidentTrigger(trigger.path("source").asText(IncidentTrigger.CONSOLE),
                trigger.path("alarmName").asText(null), trigger.path("reason").asText(input.path("reason").asText(null)),
                stateChange);
        String plan = request.plan() == null || request.plan().isBlank() ? "platform-recovery" : request.plan();
        Incident incident = store.open(new Incident(incidentId, plan, scope.stream().map(Tier::id).toList(),
                recordedTrigger, request.executionId(), clock.instant()));

        Set<String> passed = input.path("resume").asBoolean(false)
                ? store.tiers(incidentId).stream().filter(t -> PASSED.contains(t.outcome())).map(TierOutcome::tier)
                        .collect(Collectors.toSet())
                : Set.of();
        List<PlannedTier> tiers = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            if (passed.contains(tier.id())) {
                skipped.add(tier.id());
            } else {
                tiers.add(new PlannedTier(tier.id(), tier.order(), scope.contains(tier)));
            }
        }
        boolean pause = scope.stream().anyMatch(PAUSE_WITHDRAWALS_FOR::contains);
        Instant startedAt = stateChange != null ? stateChange
                : incident.trigger().stateChangeTime() != null ? incident.trigger().stateChangeTime()
                : incident.openedAt();
        return new OpenedIncident(incident, List.copyOf(tiers), List.copyOf(skipped), pause, startedAt);
    }

    private static Instant optionalInstant(String text, String path) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(normalise(text));
        } catch (DateTimeParseException e) {
            throw new InvalidInput(path + " is not an ISO-8601 time: " + text);
        }
    }

    /** CloudWatch writes offsets as +0000, which ISO-8601 parsing wants as +00:00. */
    static String normalise(String text) {
        if (text.matches(".*[+-]\\d{4}$")) {
            return text.substring(0, text.length() - 2) + ":" + text.substring(text.length() - 2);
        }
        return text;
    }
}
