package exchange.recovery.cache;

/** Where a keyspace streams the hashes it builds. */
public interface KeyWriter {

    /**
     * Writes {@code HSET key field value [field value ...]}; {@code fieldsAndValues} alternates names
     * and values and is not kept after the call returns.
     */
    void hset(byte[] key, byte[][] fieldsAndValues, int length);

    /** Marks the end of one key (a key may take several HSETs when it holds many fields). */
    void keyDone();
}
