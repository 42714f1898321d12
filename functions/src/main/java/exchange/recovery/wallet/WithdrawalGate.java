package exchange.recovery.wallet;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.approval.ApprovalRecords;
import exchange.recovery.approval.ApprovalRequest;
import exchange.recovery.core.CanonicalJson;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.TransientFailure;

/**
 * Pauses and resumes withdrawals through the flag the wallet service reads.
 *
 * <p>PAUSE is immediate and idempotent: it adds the incident's hold (who, why, when) and sets
 * {@code paused}. RESUME releases the incident's hold only when both proofs hold: the reconciliation
 * report passed, and an approval of type {@code withdrawal-resumption} for this incident was APPROVED
 * (checked in the approval table, not taken from the caller) on evidence holding that very report
 * (same digest). Otherwise it refuses with a typed error and changes nothing. Withdrawals open again
 * only when no incident holds them.
 */
public class WithdrawalGate {

    public static final String APPROVAL_TYPE = "withdrawal-resumption";
    public static final String EVIDENCE_FIELD = "reconciliation";

    private static final Logger LOG = LogManager.getLogger(WithdrawalGate.class);
    private static final int WRITE_ATTEMPTS = 3;

    private final WithdrawalFlag flag;
    private final ApprovalRecords approvals;
    private final Clock clock;

    public WithdrawalGate(WithdrawalFlag flag, ApprovalRecords approvals, Clock clock) {
        this.flag = flag;
        this.approvals = approvals;
        this.clock = clock;
    }

    public WithdrawalGateResult apply(WithdrawalGateRequest request) {
        String action = request.action() == null ? "" : request.action().toUpperCase(Locale.ROOT);
        WithdrawalFlag.requireText(request.incidentId(), "incidentId");
        return switch (action) {
            case "PAUSE" -> pause(request);
            case "RESUME" -> resume(request);
            case "STATUS" -> new WithdrawalGateResult(action, false, flag.read());
            default -> throw new InvalidInput("action must be PAUSE, RESUME or STATUS, not '" + request.action() + "'");
        };
    }

    private WithdrawalGateResult pause(WithdrawalGateRequest request) {
        String actor = request.actor() == null ? "recovery-plan" : request.actor();
        boolean wrote = false;
        // SSM has no compare-and-set: write, then read back until our hold is seen, so that a concurrent
        // change of the flag cannot silently drop this pause.
        for (int attempt = 0; attempt <= WRITE_ATTEMPTS; attempt++) {
            WithdrawalState current = flag.read();
            if (current.paused() && current.heldBy(request.incidentId())) {
                return new WithdrawalGateResult("PAUSE", wrote, current);
            }
            if (attempt == WRITE_ATTEMPTS) {
                break;
            }
            Instant now = clock.instant();
            List<WithdrawalState.Hold> holds = new ArrayList<>(current.holds());
            if (!current.heldBy(request.incidentId())) {
                holds.add(new WithdrawalState.Hold(request.incidentId(), actor, request.reason(), now));
            }
            flag.write(new WithdrawalState(true, holds, now, "PAUSE", actor, request.incidentId(), request.reason(), null));
            wrote = true;
            LOG.warn("Withdrawals PAUSED for incident {} by {}: {}", request.incidentId(), actor, request.reason());
        }
        throw new TransientFailure("The pause of incident " + request.incidentId()
                + " kept being overwritten by concurrent changes; retry");
    }

    private WithdrawalGateResult resume(WithdrawalGateRequest request) {
        JsonNode report = request.reconciliation();
        if (report == null || report.isNull() || report.isMissingNode()) {
            throw new ReconciliationNotPassed("no reconciliation report given for incident " + request.incidentId());
        }
        if (!report.path("passed").asBoolean(false)) {
            throw new ReconciliationNotPassed("the reconciliation report did not pass: " + report.path("problems"));
        }
        ApprovalRequest approved = approvals.verify(request.approval(), request.incidentId(), APPROVAL_TYPE);
        JsonNode approvedReport = ApprovalRecords.evidenceField(approved, EVIDENCE_FIELD);
        if (approvedReport.isMissingNode() || !CanonicalJson.sha256(approvedReport).equals(CanonicalJson.sha256(report))) {
            throw new ReconciliationNotPassed("the reconciliation report is not the one the approvers saw in "
                    + approved.requestId());
        }
        String actor = request.actor() == null ? "recovery-plan" : request.actor();
        WithdrawalState current = flag.read();
        if (!current.paused() && !current.heldBy(request.incidentId())) {
            return new WithdrawalGateResult("RESUME", false, current);
        }
        List<WithdrawalState.Hold> remaining = current.holds().stream()
                .filter(hold -> !hold.incidentId().equals(request.incidentId())).toList();
        boolean stillPaused = !remaining.isEmpty();
        WithdrawalState next = new WithdrawalState(stillPaused, remaining, clock.instant(), "RESUME", actor,
                request.incidentId(), request.reason(), approved.requestId());
        flag.write(next);
        LOG.warn("Withdrawals {} for incident {} by {} on approval {}{}", stillPaused ? "still PAUSED" : "RESUMED",
                request.incidentId(), actor, approved.requestId(),
                stillPaused ? " (held by " + remaining.stream().map(WithdrawalState.Hold::incidentId).toList() + ")" : "");
        return new WithdrawalGateResult("RESUME", true, next);
    }
}
