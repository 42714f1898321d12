package exchange.recovery.incident;

import java.time.Instant;
import java.util.List;

import exchange.recovery.core.Published;

/** The record of one recovery: what it covers, why it started, and which execution runs it. */
@Published("The incident record is the plans' shared memory: the recovery report is built from it.")
public record Incident(String incidentId, String plan, List<String> scope, IncidentTrigger trigger,
                       String executionId, Instant openedAt) {
}
