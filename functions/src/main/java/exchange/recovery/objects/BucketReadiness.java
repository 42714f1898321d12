package exchange.recovery.objects;

/** Whether a bucket the restore may touch can be restored to a point in time: versioning must be on. */
public record BucketReadiness(String bucket, String versioning, boolean objectLock, boolean ready, String problem) {
}
