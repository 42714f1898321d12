package exchange.recovery.objects;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A restore's plan as the state machine sees it: where the Distributed Map reads its batches, how
 * many keys each action touches, and the readiness of every bucket the restore may touch (versioning
 * on). {@code sample} lists a few planned keys for a dry run to print.
 */
public record RestorePlan(String restoreId, String incidentId, String bucket, String prefix, Instant restoreTime,
                          NewObjects newObjects, String undoOf, String trigger, boolean dryRun, boolean objectLock,
                          String manifestBucket, String batchesKey, int batches, long keys,
                          Map<String, Long> actions, List<PlannedKey> sample, List<BucketReadiness> readiness,
                          Instant plannedAt) {
}
