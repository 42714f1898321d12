package exchange.recovery.rds;

import java.time.Duration;

import exchange.recovery.core.Env;

/**
 * Settings of the RDS recovery functions, read once at init.
 *
 * <ul>
 *   <li>{@code DATABASE_INSTANCE_ID} (required): the exchange's DB instance, used when a request names none;</li>
 *   <li>{@code RESTORE_SAFETY_MARGIN_SECONDS} (1): how far before a given corruption time a restore goes;</li>
 *   <li>{@code RESTORE_MAX_WAIT_SECONDS} (14400): bound of the wait for a restored copy;</li>
 *   <li>{@code AWAIT_FIRST_WAIT_SECONDS} (30) / {@code AWAIT_MAX_WAIT_SECONDS} (300): backoff of that wait loop;</li>
 *   <li>{@code CUTOVER_FIRST_WAIT_SECONDS} (15) / {@code CUTOVER_MAX_WAIT_SECONDS} (120): backoff of the cut-over loop;</li>
 *   <li>{@code FAILOVER_VERIFY_SECONDS} (600): how long one failover invocation verifies before giving up
 *       (the function's timeout must be longer); {@code FAILOVER_FIRST_POLL_SECONDS} (5) /
 *       {@code FAILOVER_MAX_POLL_SECONDS} (30): backoff of its polls.</li>
 * </ul>
 */
public record RdsRecoveryConfig(String instanceId, Duration safetyMargin, Duration restoreMaxWait, Backoff awaitBackoff,
                                Backoff cutOverBackoff, Duration failoverVerifyWithin, Backoff failoverBackoff) {

    public static RdsRecoveryConfig from(Env env) {
        return new RdsRecoveryConfig(
                RecoveryNames.instanceId(env.require("DATABASE_INSTANCE_ID"), "DATABASE_INSTANCE_ID"),
                Duration.ofSeconds(env.getInt("RESTORE_SAFETY_MARGIN_SECONDS", 1)),
                Duration.ofSeconds(env.getInt("RESTORE_MAX_WAIT_SECONDS", 14_400)),
                backoff(env, "AWAIT_FIRST_WAIT_SECONDS", 30, "AWAIT_MAX_WAIT_SECONDS", 300),
                backoff(env, "CUTOVER_FIRST_WAIT_SECONDS", 15, "CUTOVER_MAX_WAIT_SECONDS", 120),
                Duration.ofSeconds(env.getInt("FAILOVER_VERIFY_SECONDS", 600)),
                backoff(env, "FAILOVER_FIRST_POLL_SECONDS", 5, "FAILOVER_MAX_POLL_SECONDS", 30));
    }

    private static Backoff backoff(Env env, String first, int firstDefault, String max, int maxDefault) {
        return new Backoff(Duration.ofSeconds(env.getInt(first, firstDefault)), Duration.ofSeconds(env.getInt(max, maxDefault)));
    }
}
