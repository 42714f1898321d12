package exchange.recovery.incident;

import java.time.Instant;
import java.util.List;

/** The record of one recovery: what it covers, why it started, and which execution runs it. */
public record Incident(String incidentId, String plan, List<String> scope, IncidentTrigger trigger,
                       String executionId, Instant openedAt) {
}
