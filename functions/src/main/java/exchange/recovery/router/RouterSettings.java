package exchange.recovery.router;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;

/**
 * The router's configuration, read once at init.
 *
 * @param stateMachines the state machine ARN of each plan the routing table names
 * @param minInterval   flap suppression: the least time between the end of a recovery of a scope and
 *                      the start of the next (as ARC's minDelayMinutesBetweenExecutions)
 * @param lease         how long a lock holds without being released, in case a plan never reaches its end
 * @param startGrace    how long a lock may name an execution that does not exist yet (it is being started)
 *                      before the lock counts as abandoned
 */
public record RouterSettings(Map<String, String> stateMachines, String lockTable, Duration minInterval, Duration lease,
                             Duration startGrace) {

    public static final int DEFAULT_MIN_MINUTES = 30;
    public static final int DEFAULT_LEASE_MINUTES = 720;
    public static final Duration DEFAULT_START_GRACE = Duration.ofMinutes(5);

    public RouterSettings {
        stateMachines = Map.copyOf(stateMachines);
        if (minInterval.compareTo(Duration.ofMinutes(1)) < 0) {
            // Execution names are unique per scope and minute; a shorter interval could reuse one.
            throw new ConfigurationMissing("MIN_MINUTES_BETWEEN_RECOVERIES (at least 1, got " + minInterval.toMinutes() + ")");
        }
        if (lease.compareTo(minInterval) < 0) {
            throw new ConfigurationMissing("SCOPE_LOCK_LEASE_MINUTES (at least MIN_MINUTES_BETWEEN_RECOVERIES)");
        }
    }

    /** Environment: LOCK_TABLE, {PLAN}_STATE_MACHINE_ARN per plan, MIN_MINUTES_BETWEEN_RECOVERIES, SCOPE_LOCK_LEASE_MINUTES. */
    public static RouterSettings from(Env env, RoutingTable table) {
        Map<String, String> machines = new HashMap<>();
        table.routes().stream().map(Route::plan).distinct()
                .forEach(plan -> machines.put(plan, env.require(stateMachineVariable(plan))));
        return new RouterSettings(machines, env.require("LOCK_TABLE"),
                Duration.ofMinutes(env.getInt("MIN_MINUTES_BETWEEN_RECOVERIES", DEFAULT_MIN_MINUTES)),
                Duration.ofMinutes(env.getInt("SCOPE_LOCK_LEASE_MINUTES", DEFAULT_LEASE_MINUTES)),
                DEFAULT_START_GRACE);
    }

    /** {@code platform-recovery} -> {@code PLATFORM_RECOVERY_STATE_MACHINE_ARN}. */
    public static String stateMachineVariable(String plan) {
        return plan.toUpperCase(Locale.ROOT).replace('-', '_') + "_STATE_MACHINE_ARN";
    }

    public String stateMachine(String plan) {
        return Optional.ofNullable(stateMachines.get(plan))
                .orElseThrow(() -> new ConfigurationMissing(stateMachineVariable(plan)));
    }
}
