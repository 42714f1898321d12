package exchange.recovery.approval;

import java.time.Instant;

/** One approver's recorded decision, with where it came from. */
public record Decision(String approver, Verdict verdict, String reason, Instant decidedAt, String sourceIp, String userAgent) {
}
