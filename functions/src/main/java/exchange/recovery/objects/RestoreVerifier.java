package exchange.recovery.objects;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * After the batches: lists the prefix as it is now and checks every planned key against the manifest
 * "as at T" and against what its batch reported. A restored key must have as current version the copy
 * the restore made (whose content was checked against the source at copy time) with the size and ETag
 * the key had at T; an unchanged key must still be at its T version; a hidden key must be absent.
 * Anything else is counted as failed and listed with the reason. Writes report.json.
 */
public class RestoreVerifier {

    private final ObjectStore store;
    private final Manifests manifests;
    private final Clock clock;

    public RestoreVerifier(ObjectStore store, Manifests manifests, Clock clock) {
        this.store = store;
        this.manifests = manifests;
        this.clock = clock;
    }

    public RestoreReport verify(String restoreId) {
        RestorePlan plan = manifests.requirePlan(restoreId);
        // One listing of the prefix now: key -> current version (absent keys are not in the map).
        Map<String, VersionEntry> now = new HashMap<>();
        store.histories(plan.bucket(), plan.prefix(), history -> history.current()
                .filter(entry -> !entry.deleteMarker()).ifPresent(entry -> now.put(history.key(), entry)));
        long restored = 0;
        long unchanged = 0;
        long skipped = 0;
        long failed = 0;
        long keys = 0;
        List<RestoreReport.Listed> listed = new ArrayList<>();
        Set<String> planned = new HashSet<>();
        for (int batch = 0; batch < plan.batches(); batch++) {
            List<PlannedKey> keysOfBatch = manifests.batch(restoreId, batch);
            Map<String, KeyOutcome> outcomes = new HashMap<>();
            manifests.outcomes(restoreId, batch).orElse(List.of()).forEach(outcome -> outcomes.put(outcome.key(), outcome));
            for (PlannedKey key : keysOfBatch) {
                keys++;
                planned.add(key.key());
                KeyOutcome outcome = outcomes.get(key.key());
                VersionEntry current = now.get(key.key());
                String problem = outcome == null ? "its batch did not finish: start the restore again to resume"
                        : check(plan, key, outcome, current);
                if (problem != null) {
                    failed++;
                    listed.add(new RestoreReport.Listed(key.key(), Outcome.FAILED.name(), problem));
                    continue;
                }
                switch (outcome.outcome()) {
                    case RESTORED -> restored++;
                    case UNCHANGED -> unchanged++;
                    case SKIPPED -> {
                        skipped++;
                        listed.add(new RestoreReport.Listed(key.key(), Outcome.SKIPPED.name(), outcome.detail()));
                    }
                    case FAILED -> throw new IllegalStateException("a failed outcome passed the check");
                }
            }
        }
        long appeared = now.keySet().stream().filter(key -> !planned.contains(key)).count();
        now.keySet().stream().filter(key -> !planned.contains(key)).sorted().limit(1000).forEach(key ->
                listed.add(new RestoreReport.Listed(key, "NOT_PLANNED", "appeared after the plan was made; left as it is")));
        String location = "s3://" + manifests.bucket() + "/" + Manifests.root(restoreId) + "report.json";
        RestoreReport report = new RestoreReport(restoreId, plan.incidentId(), plan.bucket(), plan.prefix(),
                plan.restoreTime(), plan.undoOf(), keys, restored, unchanged, skipped, failed, appeared,
                failed == 0, List.copyOf(listed), location, clock.instant());
        manifests.writeReport(restoreId, report);
        return report.shortened();
    }

    /** Why the key is not as its outcome says, or null when it is. */
    static String check(RestorePlan plan, PlannedKey key, KeyOutcome outcome, VersionEntry current) {
        String currentId = current == null ? null : current.versionId();
        return switch (outcome.outcome()) {
            case FAILED -> outcome.detail();
            case SKIPPED -> null;
            case UNCHANGED -> Objects.equals(currentId, key.versionAtT()) ? null
                    : "expected unchanged at " + describe(key.versionAtT()) + ", now " + describe(currentId);
            case RESTORED -> switch (outcome.action()) {
                case COPY_FORWARD -> {
                    if (!Objects.equals(currentId, outcome.madeCurrent())) {
                        yield "the restore made " + outcome.madeCurrent() + " current, now " + describe(currentId);
                    }
                    yield sameAsAtT(key, current);
                }
                case DELETE_MARKER -> current == null ? null : "expected hidden by a delete marker, now " + currentId;
                case REMOVE_DELETE_MARKER -> current != null ? null : "expected visible again, still deleted";
                case NONE -> null;
            };
        };
    }

    private static String sameAsAtT(PlannedKey key, VersionEntry current) {
        if (key.sizeAtT() != null && !key.sizeAtT().equals(current.size())) {
            return "size " + current.size() + " differs from " + key.sizeAtT() + " at the restore time";
        }
        if (key.etagAtT() != null && !key.etagAtT().contains("-") && !key.etagAtT().equals(current.etag())) {
            return "ETag " + current.etag() + " differs from " + key.etagAtT() + " at the restore time";
        }
        return null;
    }

    private static String describe(String versionId) {
        return versionId == null ? "absent" : "version " + versionId;
    }
}
