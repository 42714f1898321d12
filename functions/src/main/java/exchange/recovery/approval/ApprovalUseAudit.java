package exchange.recovery.approval;

import java.time.Clock;
import java.util.Objects;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.Published;

/**
 * Where a gate that acts on an approval records what it did with it, in the approval's own audit chain:
 * an auditor reading one request's chain sees the request, the decisions, and the gate spending the
 * approval (or refusing it, and why) — one tamper-evident record from request to effect.
 */
@Published("the withdrawal gate records in an approval's audit chain what it did with the approval")
public interface ApprovalUseAudit {

    /** The approval was spent: the gate acted on it. */
    String USED = "GATE_USED";
    /** The gate refused to act on the approval (or on a request claiming one); the detail says why. */
    String REFUSED = "GATE_REFUSED";

    /**
     * Records one use of the approval {@code claimedRequestId} (a malformed or missing id is recorded
     * under the unattributed chain). Throws a transient failure when the audit cannot be written, so the
     * gate's caller retries: an action on customer funds is not taken without its audit line.
     */
    void record(String claimedRequestId, String event, String actor, String incidentId, String approvalType, String detail);

    /**
     * Records the event unless the approval's chain already holds one of that kind: for an effect that happens
     * once (spending the approval) but whose caller may be re-delivered after the effect and before its line.
     */
    void recordOnce(String claimedRequestId, String event, String actor, String incidentId, String approvalType, String detail);

    /** The audit log of a function's environment ({@code APPROVAL_AUDIT_TABLE}, and its archive bucket if set). */
    static ApprovalUseAudit fromEnvironment(Env env, AwsClients clients) {
        return on(AuditLog.fromEnvironment(env, clients), Clock.systemUTC());
    }

    /** The audit log's chains, time-stamped by {@code clock}. */
    static ApprovalUseAudit on(AuditLog log, Clock clock) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(clock, "clock");
        return new ApprovalUseAudit() {
            @Override
            public void record(String claimedRequestId, String event, String actor, String incidentId, String approvalType,
                               String detail) {
                log.append(new AuditEntry(AuditLog.partitionFor(claimedRequestId), event, actor, clock.instant(), incidentId,
                        approvalType, null, null, null, detail));
            }

            @Override
            public void recordOnce(String claimedRequestId, String event, String actor, String incidentId, String approvalType,
                                   String detail) {
                boolean recorded = log.entries(AuditLog.partitionFor(claimedRequestId)).stream()
                        .anyMatch(entry -> entry.event().equals(event));
                if (!recorded) {
                    record(claimedRequestId, event, actor, incidentId, approvalType, detail);
                }
            }
        };
    }
}
