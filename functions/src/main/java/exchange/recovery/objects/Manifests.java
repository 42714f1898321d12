package exchange.recovery.objects;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Where a restore keeps its state, all under {@code object-restores/<restoreId>/} in the manifest bucket:
 * <pre>
 *   plan.json             the plan; written last, so its presence means every batch file exists
 *   batches.json          one item per batch: what the Distributed Map's ItemReader reads
 *   batches/00000.json    the keys of one batch (PlannedKey), which is also the manifest "as at T"
 *   outcomes/00000.json   what each key of that batch ended as (KeyOutcome): resume and undo read it
 *   report.json           the verification
 * </pre>
 */
public class Manifests {

    private final ObjectStore store;
    private final String bucket;

    public Manifests(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    static String root(String restoreId) {
        return "object-restores/" + restoreId + "/";
    }

    public static String batchesKey(String restoreId) {
        return root(restoreId) + "batches.json";
    }

    static String batchKey(String restoreId, int batch) {
        return root(restoreId) + "batches/" + String.format("%05d", batch) + ".json";
    }

    static String outcomeKey(String restoreId, int batch) {
        return root(restoreId) + "outcomes/" + String.format("%05d", batch) + ".json";
    }

    public Optional<RestorePlan> plan(String restoreId) {
        return store.readJson(bucket, root(restoreId) + "plan.json", new TypeReference<>() { });
    }

    public RestorePlan requirePlan(String restoreId) {
        return plan(restoreId).orElseThrow(() -> new RestoreNotFound("No plan for restore " + restoreId
                + " in s3://" + bucket + "/" + root(restoreId)));
    }

    void writePlan(RestorePlan plan) {
        store.putJson(bucket, root(plan.restoreId()) + "plan.json", plan);
    }

    void writeBatches(String restoreId, List<BatchRef> batches) {
        store.putJson(bucket, batchesKey(restoreId), batches);
    }

    void writeBatch(String restoreId, int batch, List<PlannedKey> keys) {
        store.putJson(bucket, batchKey(restoreId, batch), keys);
    }

    public List<PlannedKey> batch(String restoreId, int batch) {
        return store.readJson(bucket, batchKey(restoreId, batch), ObjectStore.listOf(PlannedKey.class))
                .orElseThrow(() -> new RestoreNotFound("Batch " + batch + " of restore " + restoreId + " is missing"));
    }

    public Optional<List<KeyOutcome>> outcomes(String restoreId, int batch) {
        return store.readJson(bucket, outcomeKey(restoreId, batch), ObjectStore.listOf(KeyOutcome.class));
    }

    void writeOutcomes(String restoreId, int batch, List<KeyOutcome> outcomes) {
        store.putJson(bucket, outcomeKey(restoreId, batch), outcomes);
    }

    void writeReport(String restoreId, RestoreReport report) {
        store.putJson(bucket, root(restoreId) + "report.json", report);
    }
}
