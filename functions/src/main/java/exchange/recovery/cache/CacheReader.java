package exchange.recovery.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads the cache the way a reader service does: first the version pointer, then the keys of that
 * version. Because a version only becomes live once complete, a reader sees either the old or the new
 * version, never a mix. The one race left is a reader that read the pointer just before a switch and
 * its keys just after the old version was dropped: a missing key is therefore re-checked against the
 * pointer, and the whole read is repeated when the pointer has moved.
 */
public final class CacheReader {

    private static final int ATTEMPTS = 5;

    private final UnifiedJedis redis;

    public CacheReader(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** A key of a keyspace, by its id ({@code 1001:BTC}). */
    public record KeyRef(Keyspace keyspace, String id) {
    }

    /**
     * Values read under one set of versions. {@code versions} has the version used per keyspace (none
     * when the keyspace was never built); a key that does not exist maps to an empty map.
     */
    public record Snapshot(Map<String, Long> versions, Map<KeyRef, Map<String, String>> values) {
    }

    public Map<String, Long> liveVersions() {
        Map<String, Long> live = new LinkedHashMap<>();
        redis.hgetAll(CacheKeys.LIVE).forEach((keyspace, version) -> live.put(keyspace, Long.parseLong(version)));
        return live;
    }

    public OptionalLong liveVersion(Keyspace keyspace) {
        String version = redis.hget(CacheKeys.LIVE, keyspace.name());
        return version == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(version));
    }

    /** The hash of one key in the live version, or empty when the keyspace or key does not exist. */
    public Optional<Map<String, String>> read(Keyspace keyspace, String id) {
        KeyRef ref = new KeyRef(keyspace, id);
        Map<String, String> value = read(List.of(ref)).values().get(ref);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** Several keys, possibly of several keyspaces, all read under the versions of one pointer read. */
    public Snapshot read(List<KeyRef> refs) {
        Set<String> names = new LinkedHashSet<>();
        refs.forEach(ref -> names.add(ref.keyspace().name()));
        String[] keyspaces = names.toArray(String[]::new);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Map<String, Long> versions = pointers(keyspaces);
            Map<KeyRef, Map<String, String>> values = new LinkedHashMap<>();
            List<Response<Map<String, String>>> replies = new ArrayList<>();
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (KeyRef ref : refs) {
                    Long version = versions.get(ref.keyspace().name());
                    replies.add(version == null ? null : pipeline.hgetAll(CacheKeys.key(version, ref.keyspace(), ref.id())));
                }
                pipeline.sync();
            }
            boolean missing = false;
            for (int i = 0; i < refs.size(); i++) {
                Map<String, String> value = replies.get(i) == null ? Map.of() : replies.get(i).get();
                missing |= value.isEmpty();
                values.put(refs.get(i), value);
            }
            if (!missing || versions.equals(pointers(keyspaces))) {
                return new Snapshot(versions, values);
            }
        }
        throw new CacheUnavailable("The cache version pointer moved " + ATTEMPTS + " times during one read", null);
    }

    private Map<String, Long> pointers(String[] keyspaces) {
        List<String> values = redis.hmget(CacheKeys.LIVE, keyspaces);
        Map<String, Long> versions = new LinkedHashMap<>();
        for (int i = 0; i < keyspaces.length; i++) {
            if (values.get(i) != null) {
                versions.put(keyspaces[i], Long.parseLong(values.get(i)));
            }
        }
        return versions;
    }
}
