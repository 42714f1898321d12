package exchange.recovery.cache;

import java.time.Duration;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;

/**
 * Tuning of a rebuild, read once at init.
 *
 * @param batchSize       HSETs per pipelined batch (one batch is in flight while the next is sent)
 * @param progressEvery   log progress every this many keys
 * @param lease           how long the rebuild lease lasts without renewal (renewed as batches go out)
 * @param sampleRate      default share of keys compared field by field (0 < rate <= 1)
 * @param minSampleKeys   keyspaces are sampled at least this many keys (small keyspaces entirely)
 * @param maxEvidence     mismatches kept as evidence
 * @param scanCount       COUNT hint for SCAN when counting and dropping versions
 * @param fetchSize       rows per round trip when reading the sample from PostgreSQL
 */
public record RebuildOptions(int batchSize, long progressEvery, Duration lease, double sampleRate, int minSampleKeys,
                             int maxEvidence, int scanCount, int fetchSize) {

    public static final double DEFAULT_SAMPLE_RATE = 0.01;

    public RebuildOptions {
        if (batchSize < 1 || progressEvery < 1 || minSampleKeys < 0 || maxEvidence < 1 || scanCount < 1 || fetchSize < 1) {
            throw new IllegalArgumentException("rebuild options must be positive");
        }
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sampleRate must be in (0, 1]: " + sampleRate);
        }
    }

    public static RebuildOptions defaults() {
        return new RebuildOptions(1000, 500_000, Duration.ofSeconds(60), DEFAULT_SAMPLE_RATE, 100, 20, 10_000, 1000);
    }

    public static RebuildOptions from(Env env) {
        RebuildOptions defaults = defaults();
        double rate;
        try {
            rate = Double.parseDouble(env.get("CACHE_SAMPLE_RATE", Double.toString(defaults.sampleRate())));
        } catch (NumberFormatException e) {
            throw new ConfigurationMissing("CACHE_SAMPLE_RATE (not a number)");
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new ConfigurationMissing("CACHE_SAMPLE_RATE (must be in (0, 1]: " + rate + ")");
        }
        return new RebuildOptions(env.getInt("CACHE_BATCH_SIZE", defaults.batchSize()),
                env.getInt("CACHE_PROGRESS_EVERY", (int) defaults.progressEvery()),
                Duration.ofSeconds(env.getInt("CACHE_LEASE_SECONDS", (int) defaults.lease().toSeconds())),
                rate, defaults.minSampleKeys(), defaults.maxEvidence(), defaults.scanCount(), defaults.fetchSize());
    }

    public RebuildOptions withBatchSize(int size) {
        return new RebuildOptions(size, progressEvery, lease, sampleRate, minSampleKeys, maxEvidence, scanCount, fetchSize);
    }

    public RebuildOptions withLease(Duration duration) {
        return new RebuildOptions(batchSize, progressEvery, duration, sampleRate, minSampleKeys, maxEvidence, scanCount, fetchSize);
    }

    public RebuildOptions withProgressEvery(long keys) {
        return new RebuildOptions(batchSize, keys, lease, sampleRate, minSampleKeys, maxEvidence, scanCount, fetchSize);
    }
}
