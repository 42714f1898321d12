package exchange.recovery.incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Tier;

/** Measures a tier's outcome against its objective and stores it in the incident's timeline. */
public class Timeline {

    private static final List<String> MODES = List.of("RECOVER", "VERIFY");
    private static final List<String> OUTCOMES = List.of("RECOVERED", "VERIFIED", "FAILED");

    private final IncidentStore store;
    private final Clock clock;

    public Timeline(IncidentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public TierOutcome record(RecordTierOutcomeRequest request) {
        if (request.incidentId() == null || request.incidentId().isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        Tier tier = Tier.of(request.tier());
        String mode = oneOf("mode", request.mode(), MODES);
        String outcome = oneOf("outcome", request.outcome(), OUTCOMES);
        Instant incidentStart = instant("incidentStartedAt", request.incidentStartedAt());
        Instant tierStart = instant("tierStartedAt", request.tierStartedAt());
        Instant now = clock.instant();
        long rto = Duration.between(incidentStart, now).toSeconds();
        TierOutcome entry = new TierOutcome(tier.id(), tier.order(), mode, outcome, tierStart, now,
                Duration.between(tierStart, now).toSeconds(), rto, tier.rtoObjective(), tier.rtoBudget().toSeconds(),
                !"FAILED".equals(outcome) && rto <= tier.rtoBudget().toSeconds(), request.evidence());
        store.recordTier(request.incidentId(), entry);
        return entry;
    }

    private static String oneOf(String field, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new InvalidInput(field + " must be one of " + allowed + " (was " + value + ")");
        }
        return value;
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            throw new InvalidInput(field + " is required");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field + " is not an ISO-8601 time: " + value);
        }
    }
}
