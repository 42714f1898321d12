package exchange.recovery.report;

import java.time.Instant;
import java.util.List;

/**
 * One of the seed's tiers in the report. {@code reported} is false when the plan recorded no outcome for
 * the tier; every measured field is then null.
 *
 * @param inScope whether the incident's scope named the tier (it is then recovered, otherwise verified)
 * @param mode {@code RECOVER} or {@code VERIFY}
 * @param outcome {@code RECOVERED}, {@code VERIFIED} or {@code FAILED}
 * @param rtoSeconds from the incident's start to the moment the tier's gate passed
 * @param rpoSeconds the data loss window the plan reported for the tier (a restore), or null
 * @param phases the phases the tier reopened a service through (trading: cancel-only, then open), in order
 */
public record ReportTier(String tier, int order, String title, String rtoObjective, long rtoBudgetSeconds,
                         boolean inScope, boolean reported, String mode, String outcome, Instant startedAt,
                         Instant endedAt, Long rtoSeconds, Boolean withinObjective, Double rpoSeconds,
                         List<ReportCheck> integrityChecks, List<ReportCheck> healthChecks, List<ReportPhase> phases) {

    public ReportTier {
        integrityChecks = integrityChecks == null ? List.of() : List.copyOf(integrityChecks);
        healthChecks = healthChecks == null ? List.of() : List.copyOf(healthChecks);
        phases = phases == null ? List.of() : List.copyOf(phases);
    }
}
