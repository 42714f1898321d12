package exchange.recovery.objects;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lists the versions under a prefix once and writes the manifest of what to restore, in batches that a
 * Distributed Map reads. For each key, the version current at the restore time is made current again
 * by copying it forward; keys created after it are kept (and listed) or hidden by a delete marker.
 * A plan is written once per restore id: starting the same restore again reuses it, so a redrive
 * resumes against the state the first run saw (which is also what undo needs).
 */
public class RestorePlanner {

    private static final int SAMPLE = 20;

    private final ObjectStore store;
    private final Manifests manifests;
    private final int batchSize;
    private final Set<String> buckets;
    private final Clock clock;

    /** @param buckets the buckets this restore may touch, whose readiness every plan reports */
    public RestorePlanner(ObjectStore store, Manifests manifests, int batchSize, Set<String> buckets, Clock clock) {
        this.store = store;
        this.manifests = manifests;
        this.batchSize = batchSize;
        this.buckets = Set.copyOf(buckets);
        this.clock = clock;
    }

    /** Versioning and Object Lock of every bucket the restore may touch; a bucket that cannot be read is not ready. */
    public List<BucketReadiness> readiness() {
        List<BucketReadiness> readiness = new ArrayList<>();
        for (String bucket : new java.util.TreeSet<>(buckets)) {
            try {
                String versioning = store.versioning(bucket);
                boolean ready = "Enabled".equals(versioning);
                readiness.add(new BucketReadiness(bucket, versioning, store.objectLockEnabled(bucket), ready,
                        ready ? null : "versioning is " + versioning + ": no earlier version to restore"));
            } catch (S3AccessDenied | S3RequestRejected e) {
                readiness.add(new BucketReadiness(bucket, "unknown", false, false, e.getMessage()));
            }
        }
        return readiness;
    }

    public RestorePlan plan(RestoreSpec spec) {
        if (!spec.dryRun()) {
            Optional<RestorePlan> existing = manifests.plan(spec.restoreId());
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        return spec.undo() ? planUndo(spec) : planRestore(spec);
    }

    private RestorePlan planRestore(RestoreSpec spec) {
        String versioning = store.versioning(spec.bucket());
        if (!"Enabled".equals(versioning)) {
            throw new BucketNotVersioned(spec.bucket(), versioning);
        }
        boolean objectLock = store.objectLockEnabled(spec.bucket());
        Writer writer = new Writer(spec);
        store.histories(spec.bucket(), spec.prefix(), history ->
                decide(history, spec.restoreTime(), spec.newObjects()).ifPresent(writer::add));
        return writer.finish(spec.bucket(), spec.prefix(), spec.restoreTime(), spec.newObjects(), objectLock);
    }

    /** The decision for one key; empty when the key was absent at the restore time and is absent now. */
    static Optional<PlannedKey> decide(KeyHistory history, Instant restoreTime, NewObjects newObjects) {
        VersionEntry atT = history.at(restoreTime).filter(entry -> !entry.deleteMarker()).orElse(null);
        VersionEntry current = history.current().filter(entry -> !entry.deleteMarker()).orElse(null);
        String currentId = current == null ? null : current.versionId();
        if (atT != null) {
            if (atT.versionId().equals(currentId)) {
                return Optional.of(planned(history.key(), Action.NONE, null, currentId, atT, PlannedKey.UNCHANGED));
            }
            return Optional.of(planned(history.key(), Action.COPY_FORWARD, atT.versionId(), currentId, atT,
                    current == null ? "deleted after the restore time" : "overwritten after the restore time"));
        }
        if (current == null) {
            return Optional.empty();
        }
        return Optional.of(newObjects == NewObjects.KEEP
                ? planned(history.key(), Action.NONE, null, currentId, null, PlannedKey.CREATED_AFTER)
                : planned(history.key(), Action.DELETE_MARKER, null, currentId, null, "created after the restore time"));
    }

    private static PlannedKey planned(String key, Action action, String source, String expect, VersionEntry atT, String reason) {
        return new PlannedKey(key, action, source, expect, atT == null ? null : atT.versionId(),
                atT == null ? null : atT.size(), atT == null ? null : atT.etag(), reason);
    }

    /** Undo: for every key the restore changed, put back what was current before it. */
    private RestorePlan planUndo(RestoreSpec spec) {
        RestorePlan original = manifests.requirePlan(spec.undoOf());
        Writer writer = new Writer(spec);
        for (int batch = 0; batch < original.batches(); batch++) {
            for (KeyOutcome done : manifests.outcomes(original.restoreId(), batch).orElse(List.of())) {
                if (done.outcome() != Outcome.RESTORED || done.madeCurrent() == null) {
                    continue;
                }
                PlannedKey undo = switch (done.action()) {
                    case COPY_FORWARD -> done.previous() != null
                            ? new PlannedKey(done.key(), Action.COPY_FORWARD, done.previous(), done.madeCurrent(),
                                    done.previous(), null, null, "undo: version current before the restore")
                            : new PlannedKey(done.key(), Action.DELETE_MARKER, null, done.madeCurrent(),
                                    null, null, null, "undo: the key was deleted before the restore");
                    case DELETE_MARKER -> new PlannedKey(done.key(), Action.REMOVE_DELETE_MARKER, done.madeCurrent(),
                            null, done.previous(), null, null, "undo: remove the restore's delete marker");
                    default -> null;
                };
                if (undo != null) {
                    writer.add(undo);
                }
            }
        }
        return writer.finish(original.bucket(), original.prefix(), original.restoreTime(), original.newObjects(),
                original.objectLock());
    }

    /** Accumulates planned keys into batch files (or only counts them, for a dry run). */
    private final class Writer {
        private final RestoreSpec spec;
        private final List<BatchRef> batches = new ArrayList<>();
        private final Map<String, Long> actions = new TreeMap<>();
        private final List<PlannedKey> sample = new ArrayList<>();
        private List<PlannedKey> current = new ArrayList<>();
        private long keys;

        Writer(RestoreSpec spec) {
            this.spec = spec;
        }

        void add(PlannedKey key) {
            keys++;
            String label = key.action() == Action.NONE ? key.reason() : key.action().name();
            actions.merge(label, 1L, Long::sum);
            if (sample.size() < SAMPLE && key.action() != Action.NONE) {
                sample.add(key);
            }
            if (spec.dryRun()) {
                return;
            }
            current.add(key);
            if (current.size() == batchSize) {
                flush();
            }
        }

        private void flush() {
            if (current.isEmpty()) {
                return;
            }
            int batch = batches.size();
            manifests.writeBatch(spec.restoreId(), batch, current);
            batches.add(new BatchRef(spec.restoreId(), batch, current.size()));
            current = new ArrayList<>();
        }

        RestorePlan finish(String bucket, String prefix, Instant restoreTime, NewObjects newObjects, boolean objectLock) {
            RestorePlan plan = new RestorePlan(spec.restoreId(), spec.incidentId(), bucket, prefix, restoreTime,
                    newObjects, spec.undoOf(), spec.trigger(), spec.dryRun(), objectLock, manifests.bucket(),
                    Manifests.batchesKey(spec.restoreId()), batches.size(), keys, Map.copyOf(actions),
                    List.copyOf(sample), readiness(), clock.instant());
            if (spec.dryRun()) {
                return plan;
            }
            flush();
            RestorePlan written = new RestorePlan(plan.restoreId(), plan.incidentId(), bucket, prefix, restoreTime,
                    newObjects, plan.undoOf(), plan.trigger(), false, objectLock, plan.manifestBucket(),
                    plan.batchesKey(), batches.size(), keys, plan.actions(), plan.sample(), plan.readiness(),
                    plan.plannedAt());
            manifests.writeBatches(spec.restoreId(), batches);
            manifests.writePlan(written); // last: its presence means the batches are complete
            return written;
        }
    }
}
