package exchange.recovery.rds;

import java.time.Instant;

/**
 * Input of one poll of the wait loop: the state machine feeds each {@link AwaitResult} back in.
 *
 * @param attempt polls made so far (0 or absent on the first)
 * @param waitStartedAt when the loop began (absent on the first poll: now)
 * @param maxWaitSeconds bound of the whole wait; the configured one when absent
 */
public record AwaitRequest(String instanceId, Integer attempt, Instant waitStartedAt, Integer maxWaitSeconds) {
}
