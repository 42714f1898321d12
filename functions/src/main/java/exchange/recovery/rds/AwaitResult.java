package exchange.recovery.rds;

import java.time.Instant;

/**
 * One poll's answer: {@code status} is {@code available} (go on) or {@code pending} (Wait
 * {@code nextWaitSeconds}, then poll again with this result as input); {@code rdsStatus} is RDS's own.
 */
public record AwaitResult(String instanceId, String status, String rdsStatus, int attempt, int nextWaitSeconds,
                          Instant waitStartedAt, Instant deadline, Integer maxWaitSeconds,
                          String address, Integer port, String database) {

    public static final String AVAILABLE = "available";
    public static final String PENDING = "pending";
}
