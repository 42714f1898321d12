package exchange.recovery.objects;

/**
 * The result for one key, kept in the restore's outcome files: {@code madeCurrent} is the version (or
 * delete marker) the restore made current, {@code previous} the one that was current before (null:
 * absent). Undo reads these; {@code copiedNow} is false when an earlier attempt had done the work.
 */
public record KeyOutcome(String key, Outcome outcome, Action action, String madeCurrent, String previous,
                         boolean copiedNow, String detail) {
}
