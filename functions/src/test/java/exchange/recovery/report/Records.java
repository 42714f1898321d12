package exchange.recovery.report;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.core.Tier;
import exchange.recovery.incident.Incident;
import exchange.recovery.incident.IncidentTrigger;
import exchange.recovery.incident.TierOutcome;

/** Incident records and tier outcomes for report tests. */
final class Records {

    static final Instant ALARM_TIME = Instant.parse("2026-11-28T03:00:00Z");

    private Records() {
    }

    static Incident incident(String... scope) {
        return new Incident("ALARM-exchange-db-primary-unavailable-1795834800", "platform-recovery", List.of(scope),
                new IncidentTrigger(IncidentTrigger.ALARM, "exchange-db-primary-unavailable", "Threshold Crossed", ALARM_TIME),
                "arn:aws:states:us-east-1:123456789012:execution:exchange-recovery-PlatformRecoveryStateMachine:run-1",
                ALARM_TIME.plusSeconds(1));
    }

    static TierOutcome outcome(Tier tier, String mode, String result, long rtoSeconds, String evidence) {
        JsonNode node = evidence == null ? null : Json.read(evidence);
        return new TierOutcome(tier.id(), tier.order(), mode, result, ALARM_TIME.plusSeconds(2),
                ALARM_TIME.plusSeconds(rtoSeconds), rtoSeconds - 2, rtoSeconds, tier.rtoObjective(),
                tier.rtoBudget().toSeconds(), !"FAILED".equals(result) && rtoSeconds <= tier.rtoBudget().toSeconds(), node);
    }

    static String gateReport(boolean passed) {
        return """
                {"integrity": {"incidentId": "INC", "tier": "database", "passed": %s, "failedChecks": %s,
                  "checks": [
                    {"name": "ledger-balanced", "passed": true, "summary": "every asset's ledger sums to zero",
                     "evidence": {"assets": 3}},
                    {"name": "no-negative-balance", "passed": %s, "summary": "%s",
                     "evidence": {"offending": [1042]}}]},
                 "restore": {"rpoSeconds": 42.5, "restoredTo": "2026-11-28T02:59:17.500Z"}}
                """.formatted(passed, passed ? "[]" : "[\"no-negative-balance\"]", passed,
                passed ? "no negative available balance" : "1 account has a negative available balance");
    }
}
