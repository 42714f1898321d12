package exchange.recovery.router;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import exchange.recovery.core.Tier;

/**
 * A plan and the tiers it recovers, in dependency order: the unit of "at most one recovery at a time".
 * Scopes are compared as sets, so ["wallet","database"] and ["database","wallet"] are one scope.
 */
public record ScopeKey(String plan, List<Tier> tiers) {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_EXECUTION_NAME = 80;

    public ScopeKey {
        tiers = List.copyOf(tiers);
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("A scope names at least one tier");
        }
    }

    public static ScopeKey of(String plan, List<String> scope) {
        return new ScopeKey(plan, Tier.inOrder(scope));
    }

    /** The lock's key, e.g. {@code platform-recovery#database,wallet}. */
    public String key() {
        return plan + "#" + tiers.stream().map(Tier::id).collect(Collectors.joining(","));
    }

    /**
     * The execution name of a recovery of this scope for an alarm state change, e.g.
     * {@code platform-recovery-db_wal-20261128T0300Z}: the same for every delivery of that change and for
     * every change of the scope within the same minute, so that duplicates collide at StartExecution.
     */
    public String executionName(Instant stateChangeTime) {
        String name = plan + "-" + tiers.stream().map(Tier::code).collect(Collectors.joining("_")) + "-"
                + MINUTE.format(stateChangeTime);
        if (name.length() > MAX_EXECUTION_NAME) {
            throw new IllegalStateException("Execution name longer than " + MAX_EXECUTION_NAME + ": " + name);
        }
        return name;
    }
}
