package exchange.recovery.objects;

import exchange.recovery.core.RecoveryException;

/** A point in time can only be restored from versions: the bucket has versioning off or suspended. */
public class BucketNotVersioned extends RecoveryException {

    public BucketNotVersioned(String bucket, String status) {
        super("Bucket " + bucket + " is not versioned (versioning " + status + "): no earlier version to restore");
    }
}
