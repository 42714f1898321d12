package exchange.recovery.report;

import java.time.Instant;
import java.util.List;

/**
 * A phase a tier brought a service to (trading's {@code CANCEL_ONLY}, then {@code OPEN}), when, the checks
 * that had to pass first, the flag released, and whether the incident's hold on it was lifted (false: none was there).
 */
public record ReportPhase(String phase, Instant at, List<String> checks, String flag, boolean lifted) {

    public ReportPhase {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }
}
