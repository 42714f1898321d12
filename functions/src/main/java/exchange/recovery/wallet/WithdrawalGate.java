package exchange.recovery.wallet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.approval.ApprovalRecords;
import exchange.recovery.approval.ApprovalUseAudit;
import exchange.recovery.approval.ApprovalRequest;
import exchange.recovery.core.CanonicalJson;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.RecoveryException;
import exchange.recovery.core.SecurityAlerts;
import exchange.recovery.core.TransientFailure;
import exchange.recovery.hold.Hold;
import exchange.recovery.hold.Holds;
import exchange.recovery.hold.ReleaseOutdated;
import exchange.recovery.hold.ReleaseTokenUsed;

/**
 * Pauses and resumes withdrawals through the withdrawal flag (the {@value #FLAG} item of the shared
 * hold store) that the wallet service reads.
 *
 * <p>PAUSE is immediate and idempotent: it adds the incident's hold (who, why, when). RESUME releases
 * the incident's hold only when all of these hold: the reconciliation report passed; an approval of
 * type {@code withdrawal-resumption} for this incident was APPROVED (checked in the approval table, not
 * taken from the caller) on evidence holding that very report (same digest); it was decided at most
 * the configured maximum age ago; it was asked for after the hold was placed; and it was never used
 * before (the release spends it, atomically with the flag's write). Otherwise it refuses with a typed
 * error and changes nothing. Withdrawals open again only when no hold remains; every change is a
 * compare-and-set, so concurrent pauses and resumes of several incidents cannot erase each other.
 */
public class WithdrawalGate {

    public static final String FLAG = "withdrawals";
    public static final String APPROVAL_TYPE = "withdrawal-resumption";
    public static final String EVIDENCE_FIELD = "reconciliation";
    public static final Duration DEFAULT_MAX_APPROVAL_AGE = Duration.ofMinutes(60);

    private static final Logger LOG = LogManager.getLogger(WithdrawalGate.class);

    private final Holds holds;
    private final ApprovalRecords approvals;
    private final SecurityAlerts alerts;
    private final ApprovalUseAudit audit;
    private final Duration maxApprovalAge;
    private final Clock clock;

    public WithdrawalGate(Holds holds, ApprovalRecords approvals, SecurityAlerts alerts, ApprovalUseAudit audit,
                          Duration maxApprovalAge, Clock clock) {
        this.holds = holds;
        this.approvals = approvals;
        this.alerts = alerts;
        this.audit = audit;
        this.maxApprovalAge = maxApprovalAge;
        this.clock = clock;
    }

    public WithdrawalGateResult apply(WithdrawalGateRequest request) {
        String action = request.action() == null ? "" : request.action().toUpperCase(Locale.ROOT);
        if (request.incidentId() == null || request.incidentId().isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        return switch (action) {
            case "PAUSE" -> pause(request);
            case "RESUME" -> resume(request);
            case "STATUS" -> new WithdrawalGateResult(action, false, WithdrawalState.of(holds.status(FLAG)));
            case "INITIALISE" -> {
                Holds.Change change = holds.initialise(FLAG, actor(request));
                yield new WithdrawalGateResult(action, change.changed(), WithdrawalState.of(change.state()));
            }
            default -> throw new InvalidInput("action must be PAUSE, RESUME, STATUS or INITIALISE, not '"
                    + bounded(request.action()) + "'");
        };
    }

    private WithdrawalGateResult pause(WithdrawalGateRequest request) {
        String actor = actor(request);
        Holds.Change change = holds.hold(FLAG, request.incidentId(), actor, request.reason());
        if (change.changed()) {
            LOG.warn("Withdrawals PAUSED for incident {} by {}: {}", request.incidentId(), actor, request.reason());
            alerts.publish("withdrawals.paused", details(request, actor, "holds", holders(change)));
        }
        return new WithdrawalGateResult("PAUSE", change.changed(), WithdrawalState.of(change.state()));
    }

    private WithdrawalGateResult resume(WithdrawalGateRequest request) {
        String actor = actor(request);
        try {
            ApprovalRequest approved = checkProofs(request);
            Instant authorisedAt = earliest(approved.createdAt(), generatedAt(request.reconciliation()));
            Holds.Change change;
            try {
                change = holds.release(FLAG, request.incidentId(), actor, request.reason(), approved.requestId(), authorisedAt);
            } catch (ReleaseTokenUsed e) {
                throw new ApprovalAlreadyUsed("approval " + approved.requestId() + " was used already: " + e.getMessage());
            } catch (ReleaseOutdated e) {
                throw new ApprovalAlreadyUsed("approval " + approved.requestId() + " predates the pause it would lift: "
                        + e.getMessage());
            }
            WithdrawalState state = WithdrawalState.of(change.state());
            // written on a re-delivery too (once per approval): the release may have happened before a failed audit write
            audit.recordOnce(approved.requestId(), ApprovalUseAudit.USED, actor, request.incidentId(), APPROVAL_TYPE,
                    "withdrawals " + (state.paused() ? "still paused, holds left " + holders(change) : "resumed"));
            if (change.changed()) {
                LOG.warn("Withdrawals {} for incident {} by {} on approval {} (holds left: {})",
                        state.paused() ? "still PAUSED" : "RESUMED", request.incidentId(), actor, approved.requestId(),
                        holders(change));
                Map<String, String> details = details(request, actor, "approval", approved.requestId());
                details.put("withdrawalsPaused", Boolean.toString(state.paused()));
                details.put("holds", holders(change));
                alerts.publish("withdrawals.resumed", details);
            }
            return new WithdrawalGateResult("RESUME", change.changed(), state);
        } catch (TransientFailure e) {
            throw e;
        } catch (RecoveryException e) {
            LOG.warn("Withdrawal resume refused for incident {}: {}", request.incidentId(), e.getMessage());
            audit.record(request.approval() == null ? null : request.approval().requestId(), ApprovalUseAudit.REFUSED, actor,
                    request.incidentId(), APPROVAL_TYPE, e.getClass().getSimpleName() + ": " + bounded(e.getMessage()));
            Map<String, String> details = details(request, actor, "error", e.getClass().getSimpleName());
            details.put("message", e.getMessage());
            alerts.publish("withdrawals.resume-refused", details);
            throw e;
        }
    }

    private ApprovalRequest checkProofs(WithdrawalGateRequest request) {
        JsonNode report = request.reconciliation();
        if (report == null || report.isNull() || report.isMissingNode()) {
            throw new ReconciliationNotPassed("no reconciliation report given for incident " + request.incidentId());
        }
        if (!report.path("passed").isBoolean() || !report.path("passed").asBoolean()) {
            throw new ReconciliationNotPassed("the reconciliation report did not pass: " + bounded(report.path("problems").toString()));
        }
        ApprovalRequest approved = approvals.verify(request.approval(), request.incidentId(), APPROVAL_TYPE);
        JsonNode approvedReport = ApprovalRecords.evidenceField(approved, EVIDENCE_FIELD);
        if (approvedReport.isMissingNode() || !CanonicalJson.sha256(approvedReport).equals(CanonicalJson.sha256(report))) {
            throw new ReconciliationNotPassed("the reconciliation report is not the one the approvers saw in "
                    + approved.requestId());
        }
        Instant now = clock.instant();
        if (approved.decidedAt() == null || approved.decidedAt().plus(maxApprovalAge).isBefore(now)) {
            throw new ApprovalTooOld("approval " + approved.requestId() + " was decided at " + approved.decidedAt()
                    + "; the gate accepts approvals decided within " + maxApprovalAge.toMinutes() + " minutes");
        }
        return approved;
    }

    /** When the reconciliation ran, from the report (digest-bound to what the approvers saw), if it says. */
    private static Instant generatedAt(JsonNode report) {
        JsonNode value = report == null ? null : report.path("generatedAt");
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    private static String actor(WithdrawalGateRequest request) {
        return request.actor() == null ? "recovery-plan" : request.actor();
    }

    private static Map<String, String> details(WithdrawalGateRequest request, String actor, String key, String value) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("incidentId", bounded(request.incidentId()));
        details.put("actor", bounded(actor));
        details.put("reason", bounded(request.reason()));
        details.put(key, value);
        return details;
    }

    private static String holders(Holds.Change change) {
        return change.state().holds().stream().map(Hold::holder).toList().toString();
    }

    private static String bounded(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 200 ? value : value.substring(0, 200) + "…";
    }
}
