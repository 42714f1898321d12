package exchange.recovery.wallet;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.approval.DecisionRecord;

/**
 * {@code PAUSE} (incidentId, actor, reason) or {@code RESUME}, which also needs the reconciliation
 * report that passed and the approval decision record whose evidence holds that same report;
 * {@code STATUS}; {@code INITIALISE} (first write of a new deployment's flag, open; never lifts a hold).
 */
public record WithdrawalGateRequest(String action, String incidentId, String actor, String reason,
                                    JsonNode reconciliation, DecisionRecord approval) {
}
