package exchange.recovery.rds;

/**
 * Where the cut-over stands after one step.
 *
 * @param status {@code complete}, or {@code pending} (Wait {@code nextWaitSeconds}, then run the step again)
 * @param step what this step did or waits for: {@code wait-restored}, {@code align-settings},
 *        {@code wait-source}, {@code retain-source}, {@code wait-source-rename}, {@code protect-retained},
 *        {@code promote-restored}, {@code wait-promotion}, {@code complete}
 * @param primaryInstanceId the production identifier (held by the restored copy once complete)
 * @param retainedInstanceId where the original instance is kept for forensics
 * @param restoredInstanceId the copy's identifier before it took the production name
 */
public record CutOverResult(String incidentId, String status, String step, String detail, int attempt, int nextWaitSeconds,
                            String primaryInstanceId, String retainedInstanceId, String restoredInstanceId,
                            String address, Integer port, String database) {

    public static final String COMPLETE = "complete";
    public static final String PENDING = "pending";
}
