package exchange.recovery.router;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The configuration of the router and of the plans' release step, read once at init: both hold the same
 * locks under the same rules.
 *
 * @param stateMachines the state machine ARN of each plan the routing table names (none for the release step)
 * @param minInterval   flap suppression: the least time between the end of a recovery of a scope and
 *                      the start of the next (as ARC's minDelayMinutesBetweenExecutions)
 * @param startGrace    how long a lock may name an execution that does not exist yet (it is being started)
 *                      before the lock counts as abandoned
 */
public record RouterSettings(Map<String, String> stateMachines, String lockTable, Duration minInterval,
                             Duration startGrace) {

    public static final String LOCK_TABLE = "LOCK_TABLE";
    public static final String MIN_MINUTES = "MIN_MINUTES_BETWEEN_RECOVERIES";
    public static final int DEFAULT_MIN_MINUTES = 30;
    public static final Duration DEFAULT_START_GRACE = Duration.ofMinutes(5);

    public RouterSettings {
        stateMachines = Map.copyOf(stateMachines);
        if (minInterval.compareTo(Duration.ofMinutes(1)) < 0) {
            // Execution names are unique per scope and minute; a shorter interval could reuse one.
            throw new ConfigurationMissing(MIN_MINUTES + " (at least 1, got " + minInterval.toMinutes() + ")");
        }
    }

    /** The router's: LOCK_TABLE, {PLAN}_STATE_MACHINE_ARN per plan of the table, MIN_MINUTES_BETWEEN_RECOVERIES. */
    public static RouterSettings from(Env env, RoutingTable table) {
        Map<String, String> machines = new HashMap<>();
        table.routes().stream().map(Route::plan).distinct()
                .forEach(plan -> machines.put(plan, env.require(stateMachineVariable(plan))));
        return new RouterSettings(machines, env.require(LOCK_TABLE),
                Duration.ofMinutes(env.getInt(MIN_MINUTES, DEFAULT_MIN_MINUTES)), DEFAULT_START_GRACE);
    }

    /** The release step's: the locks only (LOCK_TABLE, MIN_MINUTES_BETWEEN_RECOVERIES). */
    public static RouterSettings forRelease(Env env) {
        return new RouterSettings(Map.of(), env.require(LOCK_TABLE),
                Duration.ofMinutes(env.getInt(MIN_MINUTES, DEFAULT_MIN_MINUTES)), DEFAULT_START_GRACE);
    }

    /** {@code platform-recovery} -> {@code PLATFORM_RECOVERY_STATE_MACHINE_ARN}. */
    public static String stateMachineVariable(String plan) {
        return plan.toUpperCase(Locale.ROOT).replace('-', '_') + "_STATE_MACHINE_ARN";
    }

    public String stateMachine(String plan) {
        return Optional.ofNullable(stateMachines.get(plan))
                .orElseThrow(() -> new ConfigurationMissing(stateMachineVariable(plan)));
    }

    /** The locks these settings describe. */
    public ScopeLocks locks(DynamoDbClient dynamoDb) {
        return new ScopeLocks(dynamoDb, lockTable, minInterval);
    }
}
