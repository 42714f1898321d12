package exchange.recovery.approval;

import java.time.Clock;
import java.time.Instant;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Keeps the executions that wait on a pending approval alive (each approval task has a HeartbeatSeconds
 * several times this job's schedule), and closes what can no longer be decided: a request past its
 * expiry, or one whose execution stopped waiting, becomes EXPIRED so its links show so.
 *
 * <p>If the approval service itself breaks (table gone, function failing), the heartbeats stop and the
 * waiting execution fails with States.HeartbeatTimeout long before the request's expiry: a broken
 * approval path is noticed within minutes, not hours.
 */
public class ApprovalHeartbeat {

    private static final Logger LOG = LogManager.getLogger(ApprovalHeartbeat.class);

    private final ApprovalStore store;
    private final AuditLog audit;
    private final TaskCallbacks callbacks;
    private final Clock clock;

    public ApprovalHeartbeat(ApprovalStore store, AuditLog audit, TaskCallbacks callbacks, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    public Result beat() {
        int alive = 0;
        int expired = 0;
        for (String requestId : store.pendingRequestIds()) {
            StoredRequest stored = store.find(requestId).orElse(null);
            if (stored == null || stored.request().status() != ApprovalStatus.PENDING) {
                continue;
            }
            Instant now = clock.instant();
            ApprovalRequest request = stored.request();
            if (request.isExpiredAt(now)) {
                expire(request, now, "not decided before " + request.expiresAt());
                expired++;
            } else if (callbacks.heartbeat(stored.taskToken()) == TaskCallbacks.Delivery.TASK_GONE) {
                expire(request, now, "the waiting execution is no longer waiting");
                expired++;
            } else {
                alive++;
            }
        }
        return new Result(alive, expired);
    }

    private void expire(ApprovalRequest request, Instant now, String reason) {
        if (store.finish(request.requestId(), ApprovalStatus.EXPIRED, now, reason)) {
            audit.append(new AuditEntry(request.requestId(), AuditEntry.REQUEST_EXPIRED, "approval-service", now,
                    request.incidentId(), request.approvalType(), request.evidenceDigest(), null, null, reason));
            LOG.info("Approval {} expired: {}", request.requestId(), reason);
        }
    }

    /** How many pending requests were kept alive and how many were closed as expired. */
    public record Result(int heartbeats, int expired) {
    }
}
