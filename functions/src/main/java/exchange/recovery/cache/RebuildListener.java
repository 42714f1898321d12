package exchange.recovery.cache;

/** Observes a rebuild between its phases: the seam for progress reporting and for tests. */
public interface RebuildListener {

    RebuildListener NONE = new RebuildListener() {
    };

    /** After each pipelined batch of a keyspace went out. */
    default void batchWritten(String keyspace, long keysWritten) {
    }

    /** Every keyspace of {@code version} is written; nothing is verified or switched yet. */
    default void loaded(long version) {
    }

    /** Readers now see {@code version}; the previous version is not dropped yet. */
    default void switched(long version) {
    }
}
