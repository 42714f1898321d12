package exchange.recovery.objects;

/** Input of the verification: the restore to verify. */
public record VerifyObjectRestoreRequest(String restoreId) {
}
