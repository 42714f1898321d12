package exchange.recovery.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.core.SecurityAlerts;

/**
 * Keeps the executions that wait on a pending approval alive (each approval task has a HeartbeatSeconds
 * several times this job's schedule), finishes what an interrupted page request left undone, and closes
 * what can no longer be decided: a request past its expiry, or one whose execution stopped waiting,
 * becomes EXPIRED so its links show so.
 *
 * <p>Each request is handled on its own: one that fails (a broken item, a throttled call) is logged and
 * counted, and the others are still served. Decided requests whose waiting task was not completed
 * (index value SETTLING) are settled first; a PENDING request is settled before it is heartbeaten, so
 * decisions recorded before its expiry decide it rather than the expiry.
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
    private final ApprovalSettlement settlement;
    private final Clock clock;

    public ApprovalHeartbeat(ApprovalStore store, AuditLog audit, TaskCallbacks callbacks, Clock clock) {
        this(store, audit, callbacks, SecurityAlerts.NONE, clock);
    }

    public ApprovalHeartbeat(ApprovalStore store, AuditLog audit, TaskCallbacks callbacks, SecurityAlerts alerts, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.callbacks = callbacks;
        this.settlement = new ApprovalSettlement(store, audit, callbacks, alerts, clock);
        this.clock = clock;
    }

    public Result beat() {
        Counts counts = new Counts();
        for (String requestId : list(store::settlingRequestIds, counts, "decided requests")) {
            isolated(requestId, counts, () -> {
                if (settlement.settle(requestId).taskCompleted()) {
                    counts.settled++;
                }
            });
        }
        for (String requestId : list(store::pendingRequestIds, counts, "pending requests")) {
            isolated(requestId, counts, () -> beat(requestId, counts));
        }
        if (counts.failed > 0) {
            LOG.error("Approval heartbeat: {} request(s) failed and are retried on the next run", counts.failed);
        }
        return new Result(counts.alive, counts.expired, counts.settled, counts.failed);
    }

    private void beat(String requestId, Counts counts) {
        ApprovalSettlement.Outcome outcome = settlement.settle(requestId);
        if (outcome.request().status() != ApprovalStatus.PENDING) {
            if (outcome.taskCompleted()) {
                counts.settled++;
            }
            return;
        }
        StoredRequest stored = store.find(requestId).orElse(null);
        if (stored == null || stored.request().status() != ApprovalStatus.PENDING) {
            return;
        }
        Instant now = clock.instant();
        ApprovalRequest request = stored.request();
        if (request.isExpiredAt(now)) {
            expire(request, now, "not decided before " + request.expiresAt());
            counts.expired++;
        } else if (callbacks.heartbeat(stored.taskToken()) == TaskCallbacks.Delivery.TASK_GONE) {
            expire(request, now, "the waiting execution is no longer waiting");
            counts.expired++;
        } else {
            counts.alive++;
        }
    }

    private static void isolated(String requestId, Counts counts, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            counts.failed++;
            LOG.error("Approval heartbeat failed on {}; continuing with the others", requestId, e);
        }
    }

    private static List<String> list(java.util.function.Supplier<List<String>> lister, Counts counts, String what) {
        try {
            return lister.get();
        } catch (RuntimeException e) {
            counts.failed++;
            LOG.error("Approval heartbeat could not list {}", what, e);
            return List.of();
        }
    }

    private void expire(ApprovalRequest request, Instant now, String reason) {
        if (store.finish(request.requestId(), ApprovalStatus.EXPIRED, now, reason)) {
            audit.append(new AuditEntry(request.requestId(), AuditEntry.REQUEST_EXPIRED, ApprovalSettlement.SERVICE, now,
                    request.incidentId(), request.approvalType(), request.evidenceDigest(), null, null, reason));
            LOG.info("Approval {} expired: {}", request.requestId(), reason);
        }
    }

    private static final class Counts {
        int alive;
        int expired;
        int settled;
        int failed;
    }

    /**
     * How many pending requests were kept alive, closed as expired, decided requests whose waiting task
     * was completed by this run, and requests that failed (retried on the next run).
     */
    public record Result(int heartbeats, int expired, int settled, int failed) {
    }
}
