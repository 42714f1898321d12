package exchange.recovery.rds;

/**
 * Input of one cut-over step; the state machine feeds each {@link CutOverResult} back in until it is
 * {@code complete}.
 *
 * @param sourceInstanceId the production identifier; the configured exchange database when absent
 * @param restoredInstanceId the copy to put in production, as the restore step named it; the incident's
 *        default copy ({@link RecoveryNames#restored(String, String)}) when absent
 * @param attempt steps made so far (paces {@code nextWaitSeconds})
 */
public record CutOverRequest(String incidentId, String sourceInstanceId, String restoredInstanceId, Integer attempt) {

    public CutOverRequest(String incidentId, String sourceInstanceId, Integer attempt) {
        this(incidentId, sourceInstanceId, null, attempt);
    }
}
