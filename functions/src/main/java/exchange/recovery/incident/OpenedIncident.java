package exchange.recovery.incident;

import java.time.Instant;
import java.util.List;

/**
 * The incident as recorded, and the plan laid out for this execution: which tiers run (in the seed's
 * order), whether withdrawals pause first, and the instant the incident's RTO is measured from.
 */
public record OpenedIncident(Incident incident, List<PlannedTier> tiers, List<String> skippedTiers,
                             boolean pauseWithdrawals, Instant incidentStartedAt) {
}
