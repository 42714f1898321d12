package exchange.recovery.incident;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Published;

/**
 * How one tier came through an incident. {@code rtoSeconds} runs from the incident's start (the alarm's
 * state change, or the console start) to the moment the tier's gate passed; it is judged against the
 * tier's objective.
 *
 * @param mode     RECOVER when the tier was in the incident's scope, VERIFY otherwise
 * @param outcome  RECOVERED, VERIFIED or FAILED
 * @param evidence the gate's reports (integrity, health) as the plan passed them
 */
@Published("Each tier's recorded outcome, which the recovery report turns into its tier rows.")
public record TierOutcome(String tier, int order, String mode, String outcome, Instant startedAt, Instant endedAt,
                          long durationSeconds, long rtoSeconds, String rtoObjective, long rtoBudgetSeconds,
                          boolean withinObjective, JsonNode evidence) {
}
