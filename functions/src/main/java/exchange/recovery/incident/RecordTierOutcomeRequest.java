package exchange.recovery.incident;

import com.fasterxml.jackson.databind.JsonNode;

/** What a tier reports at its end; times are ISO-8601 as Step Functions writes them. */
public record RecordTierOutcomeRequest(String incidentId, String tier, String mode, String outcome,
                                       String incidentStartedAt, String tierStartedAt, JsonNode evidence) {
}
