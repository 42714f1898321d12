package exchange.recovery.objects;

/** Told before a batch changes a key (copy, delete marker); the seam where tests inject a fault mid-batch. */
@FunctionalInterface
public interface RestoreListener {

    RestoreListener NONE = key -> { };

    void beforeChange(String key);
}
