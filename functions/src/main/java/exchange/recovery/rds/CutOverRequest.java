package exchange.recovery.rds;

/**
 * Input of one cut-over step; the state machine feeds each {@link CutOverResult} back in until it is
 * {@code complete}.
 *
 * @param sourceInstanceId the production identifier; the configured exchange database when absent
 * @param attempt steps made so far (paces {@code nextWaitSeconds})
 */
public record CutOverRequest(String incidentId, String sourceInstanceId, Integer attempt) {
}
