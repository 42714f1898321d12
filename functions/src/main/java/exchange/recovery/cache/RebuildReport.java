package exchange.recovery.cache;

import java.util.List;
import java.util.Map;

/**
 * Result of a rebuild: the version readers now see, what it replaced, what was loaded, how it was
 * verified, and how long each phase took. {@code keysPerSecond} is the rate of the load phase;
 * {@code previousVersionDropped} is false when Redis failed while the old keys were being removed
 * (the next rebuild removes them), {@code abandonedKeysDropped} counts keys that failed builds had left.
 */
public record RebuildReport(String incidentId, long version, Map<String, Long> previousVersions,
                            List<KeyspaceLoad> keyspaces, Verification verification, Durations durationsMillis,
                            long keys, long keysPerSecond, long droppedKeys, boolean previousVersionDropped,
                            long abandonedKeysDropped) {

    /** One keyspace as loaded from the snapshot. */
    public record KeyspaceLoad(String keyspace, long sourceRows, long keys, long millis) {
    }

    /** Milliseconds per phase: load (stream and write), verify, switch, drop of the old version, total. */
    public record Durations(long load, long verify, long switchOver, long drop, long total) {
    }
}
