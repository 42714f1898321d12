package exchange.recovery.cache;

import java.util.List;

/**
 * Input of a rebuild: the incident it serves, optionally the keyspaces to rebuild (all when absent)
 * and the share of keys to compare field by field (the configured default when absent).
 */
public record RebuildRequest(String incidentId, List<String> keyspaces, Double sampleRate) {

    public static RebuildRequest all(String incidentId) {
        return new RebuildRequest(incidentId, null, null);
    }
}
