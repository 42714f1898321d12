package exchange.recovery.approval;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.core.Json;
import exchange.recovery.core.SecurityAlerts;

/**
 * Brings a request to where its recorded decisions say it should be, one idempotent step at a time:
 * <ol>
 *   <li>every recorded decision gets its audit line (and is marked audited);</li>
 *   <li>a PENDING request whose decisions contain a rejection becomes REJECTED; one with enough distinct
 *       approvals and no rejection becomes APPROVED (conditionally: if a rejection lands meanwhile, the
 *       move fails and the next round makes it REJECTED);</li>
 *   <li>a decided request gets its outcome audit line, and its waiting task the outcome, then it is
 *       marked completed (and leaves the heartbeat's index).</li>
 * </ol>
 * Any step may fail (an audit write, the callback); the decision is already recorded and the next call
 * (a retried POST, the heartbeat) repeats only what is missing. So the decision, its audit and the
 * completion of the task converge instead of stranding a request.
 */
public class ApprovalSettlement {

    private static final Logger LOG = LogManager.getLogger(ApprovalSettlement.class);
    static final String SERVICE = "approval-service";

    private final ApprovalStore store;
    private final AuditLog audit;
    private final TaskCallbacks callbacks;
    private final SecurityAlerts alerts;
    private final Clock clock;

    public ApprovalSettlement(ApprovalStore store, AuditLog audit, TaskCallbacks callbacks, SecurityAlerts alerts, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.callbacks = callbacks;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Where a request stands after settling. */
    public record Outcome(ApprovalRequest request, boolean taskCompleted) {
    }

    /** Settles the request; throws (typed, transient) if a step fails, leaving what was done in place. */
    public Outcome settle(String requestId) {
        StoredRequest stored = store.find(requestId).orElseThrow(() -> new ApprovalNotValid("no approval request " + requestId));
        List<Decision> decisions = store.decisions(requestId);
        for (Decision decision : store.unauditedDecisions(requestId)) {
            audit.append(decisionEntry(stored.request(), decision));
            store.markDecisionAudited(requestId, decision.approver(), clock.instant());
        }
        // Two rounds at most: an APPROVED move refused because a rejection landed is followed by REJECTED.
        for (int round = 0; round < 2 && stored.request().status() == ApprovalStatus.PENDING; round++) {
            if (!decide(stored.request(), decisions)) {
                break;
            }
            stored = store.find(requestId).orElseThrow();
            decisions = store.decisions(requestId);
        }
        ApprovalRequest request = stored.request();
        if (stored.taskCompleted() || !(request.status() == ApprovalStatus.APPROVED || request.status() == ApprovalStatus.REJECTED)) {
            return new Outcome(request, stored.taskCompleted());
        }
        if (audit.append(outcomeEntry(request, decisions))) {
            alerts.publish("approval.decided", details(request, Map.of("outcome", request.status().name(),
                    "approvers", String.join(",", decisions.stream().map(d -> d.approver() + ":" + d.verdict()).toList()))));
        }
        TaskCallbacks.Delivery delivery = request.status() == ApprovalStatus.APPROVED
                ? callbacks.succeed(stored.taskToken(), Json.write(ApprovalDesk.decisionRecord(request, decisions)))
                : callbacks.reject(stored.taskToken(), request.outcomeReason());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        audit.append(new AuditEntry(requestId, AuditEntry.TASK_COMPLETED, SERVICE, now, request.incidentId(), request.approvalType(),
                request.evidenceDigest(), null, null, delivery == TaskCallbacks.Delivery.DELIVERED
                        ? request.status() + " delivered to the waiting execution"
                        : "the execution no longer waited (" + request.status() + " stands)"));
        store.markTaskCompleted(requestId, now);
        LOG.info("Approval {} {}: waiting task {}", requestId, request.status(),
                delivery == TaskCallbacks.Delivery.DELIVERED ? "resumed" : "no longer waiting");
        return new Outcome(request, true);
    }

    /** Tries to move a PENDING request to the outcome its decisions reach; true if a move was attempted. */
    private boolean decide(ApprovalRequest request, List<Decision> decisions) {
        Optional<Decision> rejection = decisions.stream().filter(d -> d.verdict() == Verdict.REJECT)
                .min(java.util.Comparator.comparing(Decision::decidedAt));
        long approvals = decisions.stream().filter(d -> d.verdict() == Verdict.APPROVE && request.approvers().contains(d.approver())).count();
        Instant at = decisions.stream().map(Decision::decidedAt).max(Instant::compareTo).orElse(clock.instant());
        if (rejection.isPresent()) {
            store.finish(request.requestId(), ApprovalStatus.REJECTED, at, rejection.get().reason() + " (" + rejection.get().approver() + ")");
            return true;
        }
        if (approvals >= request.requiredApprovals()) {
            if (!store.finish(request.requestId(), ApprovalStatus.APPROVED, at, null)) {
                LOG.warn("Approval {}: APPROVED refused, a rejection was recorded meanwhile or the request closed", request.requestId());
            }
            return true;
        }
        return false;
    }

    private static AuditEntry decisionEntry(ApprovalRequest request, Decision decision) {
        return new AuditEntry(request.requestId(), decision.verdict() == Verdict.APPROVE ? AuditEntry.APPROVED : AuditEntry.REJECTED,
                decision.approver(), decision.decidedAt(), request.incidentId(), request.approvalType(), request.evidenceDigest(),
                decision.sourceIp(), decision.userAgent(), decision.reason());
    }

    /** The outcome line says what decided it, including approvals that a rejection overrode. */
    private static AuditEntry outcomeEntry(ApprovalRequest request, List<Decision> decisions) {
        List<String> approvedBy = decisions.stream().filter(d -> d.verdict() == Verdict.APPROVE).map(Decision::approver).toList();
        String detail;
        if (request.status() == ApprovalStatus.APPROVED) {
            detail = "approved by " + String.join(", ", approvedBy);
        } else {
            detail = "rejected: " + request.outcomeReason()
                    + (approvedBy.isEmpty() ? "" : "; the rejection wins over the approvals of " + String.join(", ", approvedBy));
        }
        return new AuditEntry(request.requestId(),
                request.status() == ApprovalStatus.APPROVED ? AuditEntry.REQUEST_APPROVED : AuditEntry.REQUEST_REJECTED,
                SERVICE, request.decidedAt(), request.incidentId(), request.approvalType(), request.evidenceDigest(), null, null, detail);
    }

    static Map<String, String> details(ApprovalRequest request, Map<String, String> more) {
        Map<String, String> details = new java.util.TreeMap<>(more);
        details.put("requestId", request.requestId());
        details.put("incidentId", request.incidentId());
        details.put("approvalType", request.approvalType());
        return details;
    }
}
