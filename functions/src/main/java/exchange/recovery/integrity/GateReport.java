package exchange.recovery.integrity;

import java.time.Instant;
import java.util.List;

/**
 * What a gate found: passed when every check passed; each check's result with its evidence; which database
 * ({@code host:port/database}, never credentials) and which snapshot ({@code pg_current_snapshot()}) were read.
 */
public record GateReport(String incidentId, String tier, boolean passed, List<String> failedChecks, String target,
                         String database, String snapshot, Instant checkedAt, List<CheckResult> checks) {

    public GateReport {
        failedChecks = List.copyOf(failedChecks);
        checks = List.copyOf(checks);
    }
}
