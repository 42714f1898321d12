package exchange.recovery.integrity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one named check: whether it passed, one sentence for people, and the evidence behind it
 * (counts, the first offending rows, the first gap...), bounded in size whatever the data.
 */
public record CheckResult(String name, boolean passed, String summary, Map<String, Object> evidence) {

    public CheckResult {
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    public static CheckResult passed(String name, String summary, Map<String, Object> evidence) {
        return new CheckResult(name, true, summary, evidence);
    }

    public static CheckResult failed(String name, String summary, Map<String, Object> evidence) {
        return new CheckResult(name, false, summary, evidence);
    }
}
