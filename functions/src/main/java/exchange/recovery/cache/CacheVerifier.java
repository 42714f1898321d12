package exchange.recovery.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Checks one built version against the source of truth as it is now: key counts (and field counts for
 * the order book) per keyspace, then a deterministic sample compared field by field. Memory is one
 * batch of sampled keys.
 */
final class CacheVerifier {

    private static final Logger LOG = LogManager.getLogger(CacheVerifier.class);
    private static final int COMPARE_BATCH = 500;

    private final Jedis redis;
    private final CacheVersions versions;
    private final RebuildOptions options;

    CacheVerifier(Jedis redis, CacheVersions versions, RebuildOptions options) {
        this.redis = redis;
        this.versions = versions;
        this.options = options;
    }

    /** {@code source} must be in a transaction (one snapshot for every count and sample). */
    Verification verify(Connection source, long version, List<Keyspace> keyspaces, double sampleRate) throws SQLException {
        List<Verification.CountCheck> counts = new ArrayList<>();
        List<Verification.SampleCheck> samples = new ArrayList<>();
        Evidence evidence = new Evidence(options.maxEvidence());
        long countStarted = System.nanoTime();
        Map<Keyspace, CacheVersions.Count> cache = versions.count(version, keyspaces);
        LOG.info("Counted the keys of version {} in {} ms", version, (System.nanoTime() - countStarted) / 1_000_000);
        for (Keyspace keyspace : keyspaces) {
            long sourceKeys = keyspace.sourceKeys(source);
            CacheVersions.Count cached = cache.get(keyspace);
            counts.add(new Verification.CountCheck(keyspace.name(), "keys", sourceKeys, cached.keys()));
            if (keyspace.variableFields()) {
                counts.add(new Verification.CountCheck(keyspace.name(), "fields", keyspace.sourceFields(source), cached.fields()));
            }
            double rate = effectiveRate(sampleRate, sourceKeys);
            long before = evidence.count;
            Comparison comparison = new Comparison(keyspace, version, evidence);
            keyspace.sample(source, Keyspace.sampleThreshold(rate), options.fetchSize(), comparison::add);
            comparison.flush();
            samples.add(new Verification.SampleCheck(keyspace.name(), rate, comparison.sampled, evidence.count - before));
            LOG.info("Verified keyspace {} version {}: source keys {}, cache keys {}, {} sampled at rate {}, {} differ",
                    keyspace.name(), version, sourceKeys, cached.keys(), comparison.sampled, rate, evidence.count - before);
        }
        return new Verification(version, counts, samples, evidence.first, evidence.count);
    }

    /** At least {@code minSampleKeys} keys (all of a small keyspace), otherwise the requested rate. */
    double effectiveRate(double requested, long sourceKeys) {
        if (sourceKeys <= 0) {
            return 1.0;
        }
        return Math.min(1.0, Math.max(requested, (double) options.minSampleKeys() / sourceKeys));
    }

    private static final class Evidence {
        private final int limit;
        private final List<Verification.Mismatch> first = new ArrayList<>();
        private long count;

        Evidence(int limit) {
            this.limit = limit;
        }

        void add(Verification.Mismatch mismatch) {
            if (first.size() < limit) {
                first.add(mismatch);
            }
        }
    }

    /** Compares sampled keys in pipelined batches of HGETALL. */
    private final class Comparison {
        private final Keyspace keyspace;
        private final long version;
        private final Evidence evidence;
        private final List<Keyspace.Expected> batch = new ArrayList<>(COMPARE_BATCH);
        private long sampled;

        Comparison(Keyspace keyspace, long version, Evidence evidence) {
            this.keyspace = keyspace;
            this.version = version;
            this.evidence = evidence;
        }

        void add(Keyspace.Expected expected) {
            batch.add(expected);
            if (batch.size() == COMPARE_BATCH) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            List<Response<Map<String, String>>> replies = new ArrayList<>(batch.size());
            Pipeline pipeline = redis.pipelined();
            for (Keyspace.Expected expected : batch) {
                replies.add(pipeline.hgetAll(CacheKeys.key(version, keyspace, expected.id())));
            }
            pipeline.sync();
            for (int i = 0; i < batch.size(); i++) {
                compare(batch.get(i), replies.get(i).get());
            }
            sampled += batch.size();
            batch.clear();
        }

        private void compare(Keyspace.Expected expected, Map<String, String> actual) {
            String key = CacheKeys.key(version, keyspace, expected.id());
            List<Verification.Mismatch> found = new ArrayList<>();
            if (actual.isEmpty()) {
                found.add(new Verification.Mismatch(keyspace.name(), key, "*", "present", "missing"));
            } else {
                expected.fields().forEach((field, value) -> {
                    String cached = actual.get(field);
                    if (!keyspace.sameValue(field, value, cached)) {
                        found.add(new Verification.Mismatch(keyspace.name(), key, field, value, cached == null ? "absent" : cached));
                    }
                });
                actual.forEach((field, value) -> {
                    if (!expected.fields().containsKey(field)) {
                        found.add(new Verification.Mismatch(keyspace.name(), key, field, "absent", value));
                    }
                });
            }
            if (!found.isEmpty()) {
                evidence.count++;
                found.forEach(evidence::add);
            }
        }
    }
}
