package exchange.recovery.cache;

import java.nio.charset.StandardCharsets;

/**
 * Names of the keys this package owns. Data keys are {@code v<version>:<tag>:<id>}; the control keys
 * live under {@code cache:}. See docs/cache-rebuild.md for the full layout.
 */
public final class CacheKeys {

    /** Hash keyspace name -> live version: the pointer readers read first. */
    public static final String LIVE = "cache:live";
    /** Counter that hands out version numbers, never reused while the cluster keeps its data. */
    public static final String SEQUENCE = "cache:version-seq";
    /** Set of {@code <keyspace>:<version>} that may hold keys: what a later rebuild must clean up. */
    public static final String VERSIONS = "cache:versions";
    /** Lease of the one rebuild allowed at a time: owner token with an expiry. */
    public static final String LEASE = "cache:rebuild-lease";

    private CacheKeys() {
    }

    public static String prefix(long version, Keyspace keyspace) {
        return "v" + version + ":" + keyspace.tag() + ":";
    }

    public static String key(long version, Keyspace keyspace, String id) {
        return prefix(version, keyspace) + id;
    }

    static byte[] prefixBytes(long version, Keyspace keyspace) {
        return prefix(version, keyspace).getBytes(StandardCharsets.UTF_8);
    }

    static String registryMember(Keyspace keyspace, long version) {
        return keyspace.name() + ":" + version;
    }
}
