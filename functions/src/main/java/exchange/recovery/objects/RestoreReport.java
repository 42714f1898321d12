package exchange.recovery.objects;

import java.time.Instant;
import java.util.List;

/**
 * The verification of a restore: the prefix as at the restore time (the plan's manifest) compared
 * with the prefix as it is now. {@code restored + unchanged + skipped + failed == keys}; {@code listed}
 * names every key that is not simply restored or unchanged, with the reason (the state machine gets
 * the first {@link #LISTED_IN_OUTPUT}; report.json holds them all).
 */
public record RestoreReport(String restoreId, String incidentId, String bucket, String prefix, Instant restoreTime,
                            String undoOf, long keys, long restored, long unchanged, long skipped, long failed,
                            long appearedAfterPlan, boolean verified, List<Listed> listed,
                            String reportLocation, Instant verifiedAt) {

    public static final int LISTED_IN_OUTPUT = 50;

    /** A key that needs a reader's attention, and why. */
    public record Listed(String key, String outcome, String reason) {
    }

    RestoreReport shortened() {
        return listed.size() <= LISTED_IN_OUTPUT ? this : new RestoreReport(restoreId, incidentId, bucket, prefix,
                restoreTime, undoOf, keys, restored, unchanged, skipped, failed, appearedAfterPlan,
                verified, listed.subList(0, LISTED_IN_OUTPUT), reportLocation, verifiedAt);
    }
}
