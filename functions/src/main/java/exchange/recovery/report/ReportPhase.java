package exchange.recovery.report;

import java.time.Instant;
import java.util.List;

/**
 * A phase a tier brought a service to (trading's {@code CANCEL_ONLY}, then {@code OPEN}), when, and the checks
 * that had to pass first.
 */
public record ReportPhase(String phase, Instant at, List<String> checks) {

    public ReportPhase {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }
}
