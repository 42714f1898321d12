package exchange.recovery.approval;

import java.time.Instant;

/**
 * One line of the approval audit log: what happened to which request, by whom, when, from where,
 * and the digest of the evidence it was about.
 */
public record AuditEntry(
        String requestId,
        String event,
        String actor,
        Instant at,
        String incidentId,
        String approvalType,
        String evidenceDigest,
        String sourceIp,
        String userAgent,
        String detail) {

    public static final String REQUESTED = "REQUESTED";
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";
    public static final String REQUEST_APPROVED = "REQUEST_APPROVED";
    public static final String REQUEST_REJECTED = "REQUEST_REJECTED";
    public static final String REQUEST_EXPIRED = "REQUEST_EXPIRED";
    /** The waiting task was given the outcome (or no longer waited). */
    public static final String TASK_COMPLETED = "TASK_COMPLETED";
    /** A later attempt of the same approval task took over the request (no new request, no new links). */
    public static final String TASK_RETRIED = "TASK_RETRIED";
    /** A genuine, unexpired link was opened and a decision form handed out. */
    public static final String VIEWED = "VIEWED";
    /** The page turned a link or a decision down; the detail says why (tampered, expired, CSRF, ...). */
    public static final String REFUSED = "REFUSED";
}
