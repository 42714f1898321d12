package exchange.recovery.integrity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import exchange.recovery.core.Json;
import exchange.recovery.core.RecoveryException;

/**
 * A gate found a violation: not transient, retrying reads the same data. The message is a compact JSON
 * summary that a state machine's {@code Catch} receives in {@code Cause.errorMessage}:
 * {@code {"incidentId","tier","database","snapshot","failedChecks":[...],"failures":[{"check","summary","evidence"}]}},
 * where evidence keeps the counts and the first {@value #LIST_ITEMS} items of each list.
 */
public class IntegrityCheckFailed extends RecoveryException {

    static final int LIST_ITEMS = 3;
    static final int MAX_MESSAGE_CHARS = 8000;

    private final transient GateReport report;

    public IntegrityCheckFailed(GateReport report) {
        super(summary(report));
        this.report = report;
    }

    public GateReport report() {
        return report;
    }

    static String summary(GateReport report) {
        List<Map<String, Object>> failures = new ArrayList<>();
        for (CheckResult check : report.checks()) {
            if (!check.passed()) {
                failures.add(Evidence.of("check", check.name(), "summary", check.summary(), "evidence", compact(check.evidence())));
            }
        }
        Map<String, Object> summary = Evidence.of("incidentId", report.incidentId(), "tier", report.tier(),
                "database", report.database(), "snapshot", report.snapshot(), "failedChecks", report.failedChecks(), "failures", failures);
        String json = Json.write(summary);
        if (json.length() <= MAX_MESSAGE_CHARS) {
            return json;
        }
        failures.forEach(failure -> failure.remove("evidence"));
        return Json.write(summary);
    }

    private static Map<String, Object> compact(Map<String, Object> evidence) {
        Map<String, Object> compact = new LinkedHashMap<>();
        evidence.forEach((name, value) -> compact.put(name, compact(value)));
        return compact;
    }

    @SuppressWarnings("unchecked")
    private static Object compact(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().limit(LIST_ITEMS).map(IntegrityCheckFailed::compact).toList();
        }
        if (value instanceof Map<?, ?> map) {
            return compact((Map<String, Object>) map);
        }
        return value;
    }
}
