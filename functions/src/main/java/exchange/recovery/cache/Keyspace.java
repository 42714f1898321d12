package exchange.recovery.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One family of cache keys, built, counted, verified and switched as a unit from one query on the
 * source of truth. Keys are {@code v<version>:<tag>:<id>} and every key is a Redis hash.
 */
public sealed interface Keyspace permits RowKeyspace, PriceLevelKeyspace {

    /** Name used in requests, reports and the version pointer ({@code balances}). */
    String name();

    /** Short segment in the key ({@code bal}): lower-case letters. */
    String tag();

    /** True when a key holds a variable number of fields (one per source row), so fields are counted too. */
    boolean variableFields();

    /**
     * Streams every entry from the source (one COPY, inside the caller's transaction) into
     * {@code writer}, with keys starting with {@code prefix}; returns the number of source rows read.
     */
    long load(Connection source, byte[] prefix, KeyWriter writer) throws SQLException;

    /** How many keys the source says this keyspace must hold. */
    long sourceKeys(Connection source) throws SQLException;

    /** For {@link #variableFields()} keyspaces, how many fields in all; otherwise the same as the keys times fields. */
    long sourceFields(Connection source) throws SQLException;

    /**
     * Streams the expected content of the sampled keys: those whose id hashes (PostgreSQL's
     * {@code hashtextextended(id, 0) & 1048575}) below {@code threshold}; a threshold of 1048576 takes all.
     */
    void sample(Connection source, int threshold, int fetchSize, Consumer<Expected> consumer) throws SQLException;

    /** Whether a cached field value stands for the source value (numbers compare by value, not text). */
    boolean sameValue(String field, String expected, String actual);

    /** What the source says one key must hold. */
    record Expected(String id, Map<String, String> fields) {
    }

    /** Buckets of the deterministic sample: a key is sampled when its bucket is below the threshold. */
    int SAMPLE_BUCKETS = 1 << 20;

    static int sampleThreshold(double rate) {
        if (rate >= 1.0) {
            return SAMPLE_BUCKETS;
        }
        return (int) Math.max(1, Math.ceil(rate * SAMPLE_BUCKETS));
    }
}
