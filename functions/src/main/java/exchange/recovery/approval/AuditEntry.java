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
}
