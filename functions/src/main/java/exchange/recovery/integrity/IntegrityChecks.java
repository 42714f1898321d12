package exchange.recovery.integrity;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import exchange.recovery.core.InvalidInput;

/** The catalogue of checks a gate can run, selectable by name. */
public final class IntegrityChecks {

    /** How many offending rows, transactions or gaps a check lists at most. */
    public static final int DEFAULT_SAMPLE_LIMIT = 20;

    private final Map<String, IntegrityCheck> byName = new LinkedHashMap<>();

    public IntegrityChecks(List<? extends IntegrityCheck> checks) {
        for (IntegrityCheck check : checks) {
            if (byName.putIfAbsent(check.name(), check) != null) {
                throw new IllegalArgumentException("two checks named " + check.name());
            }
        }
    }

    /** The exchange's checks, in the order a gate runs them by default. */
    public static IntegrityChecks standard() {
        return standard(DEFAULT_SAMPLE_LIMIT);
    }

    public static IntegrityChecks standard(int sampleLimit) {
        if (sampleLimit < 1) {
            throw new IllegalArgumentException("sampleLimit must be positive");
        }
        return new IntegrityChecks(List.of(
                new LedgerBalancedCheck(sampleLimit),
                new NoNegativeBalanceCheck(sampleLimit),
                new BalancesMatchLedgerCheck(sampleLimit),
                new JournalContiguousCheck(sampleLimit),
                new CheckpointMatchCheck(),
                new BookNotCrossedCheck(sampleLimit),
                new ReservationsMatchOpenOrdersCheck(sampleLimit),
                new OrdersConsistentCheck(sampleLimit),
                new TradesSettledCheck(sampleLimit),
                new JournalReplaysCheck(sampleLimit)));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The checks named, in the order given and once each; every check when {@code names} is null.
     *
     * @throws InvalidInput when a name is unknown or the list is empty (a gate with no check proves nothing)
     */
    public List<IntegrityCheck> select(List<String> names) {
        if (names == null) {
            return List.copyOf(byName.values());
        }
        if (names.isEmpty()) {
            throw new InvalidInput("checks must name at least one check, or be left out to run all of " + names());
        }
        Set<String> unknown = new LinkedHashSet<>();
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : names) {
            String trimmed = name == null ? "" : name.trim();
            if (byName.containsKey(trimmed)) {
                wanted.add(trimmed);
            } else {
                unknown.add(String.valueOf(name));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidInput("Unknown integrity check(s) " + unknown + "; known checks: " + names());
        }
        return wanted.stream().map(byName::get).toList();
    }
}
