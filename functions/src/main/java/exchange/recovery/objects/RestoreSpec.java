package exchange.recovery.objects;

import java.time.Instant;

/** A validated restore: what the planner, the batches and the verification agree on. */
public record RestoreSpec(String restoreId, String incidentId, String bucket, String prefix, Instant restoreTime,
                          NewObjects newObjects, boolean dryRun, String undoOf, String trigger) {

    public boolean undo() {
        return undoOf != null;
    }
}
