package exchange.recovery.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.RecoveryException;
import exchange.recovery.db.ExchangeDatabase;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Rebuilds cache keyspaces from PostgreSQL into a fresh version and switches readers to it only once
 * it is complete and verified.
 *
 * <ol>
 * <li>Take the rebuild lease (one rebuild at a time) and drop versions that failed builds left.</li>
 * <li>Allocate a version number, register it, and stream every keyspace from one REPEATABLE READ
 * snapshot (COPY) into {@code v<version>:...} keys with pipelined HSETs. Readers still read the live
 * version through the pointer and never see these keys.</li>
 * <li>Verify against PostgreSQL as it is now: key counts, then a sample field by field. A mismatch
 * removes the new version and fails with {@link CacheVerificationFailed}; the pointer never moved.</li>
 * <li>Switch: one Lua script moves the pointer of every rebuilt keyspace at once, only if it still
 * shows the version this build started from and the lease is still ours; read it back.</li>
 * <li>Drop the previous version with SCAN and UNLINK.</li>
 * </ol>
 */
public final class CacheRebuilder {

    private static final Logger LOG = LogManager.getLogger(CacheRebuilder.class);

    private final ExchangeDatabase source;
    private final RedisEndpoint endpoint;
    private final RebuildOptions options;
    private final RebuildListener listener;

    public CacheRebuilder(ExchangeDatabase source, RedisEndpoint endpoint, RebuildOptions options, RebuildListener listener) {
        this.source = source;
        this.endpoint = endpoint;
        this.options = options;
        this.listener = listener;
    }

    public CacheRebuilder(ExchangeDatabase source, RedisEndpoint endpoint, RebuildOptions options) {
        this(source, endpoint, options, RebuildListener.NONE);
    }

    public RebuildReport rebuild(RebuildRequest request) {
        if (request.incidentId() == null || request.incidentId().isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        List<Keyspace> keyspaces = Keyspaces.resolve(request.keyspaces());
        double sampleRate = request.sampleRate() == null ? options.sampleRate() : request.sampleRate();
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new InvalidInput("sampleRate must be greater than 0 and at most 1: " + sampleRate);
        }
        Run run = new Run(request.incidentId(), keyspaces, sampleRate);
        try (Jedis control = endpoint.control(); Connection database = source.connect(ExchangeDatabase.PRIMARY)) {
            return run.execute(control, database);
        } catch (JedisException e) {
            throw Failures.fromRedis(run.phase, endpoint, e);
        } catch (SQLException e) {
            throw Failures.fromSource(run.phase, source, e);
        }
    }

    /** One rebuild: its state, and the phase it is in for error messages. */
    private final class Run {

        private final String incidentId;
        private final List<Keyspace> keyspaces;
        private final double sampleRate;
        private final String owner;
        private String phase = "connect";

        Run(String incidentId, List<Keyspace> keyspaces, double sampleRate) {
            this.incidentId = incidentId;
            this.keyspaces = keyspaces;
            this.sampleRate = sampleRate;
            this.owner = incidentId + "/" + UUID.randomUUID();
        }

        RebuildReport execute(Jedis control, Connection database) throws SQLException {
            long started = System.nanoTime();
            CacheVersions versions = new CacheVersions(control, options.scanCount());
            phase = "lease";
            CacheVersions.Lease lease = versions.acquire(owner, options.lease());
            try {
                phase = "cleanup of abandoned versions";
                long abandonedDropped = dropAbandoned(versions);

                phase = "allocation";
                Map<Keyspace, Long> previous = versions.live(keyspaces);
                long version = versions.allocate(keyspaces);
                LOG.info("Rebuilding keyspaces {} of the cache for incident {} into version {} (live: {})",
                        Keyspaces.names(keyspaces), incidentId, version, names(previous));

                long loadStarted = System.nanoTime();
                List<RebuildReport.KeyspaceLoad> loads = load(database, version, lease);
                long loadMillis = millisSince(loadStarted);
                long keys = loads.stream().mapToLong(RebuildReport.KeyspaceLoad::keys).sum();
                listener.loaded(version);

                phase = "verification";
                long verifyStarted = System.nanoTime();
                lease.renew();
                Verification verification = verify(database, versions, version);
                long verifyMillis = millisSince(verifyStarted);
                if (!verification.passed()) {
                    discard(versions, version);
                    LOG.error("Cache version {} failed verification; readers stay on {}: {}", version, names(previous),
                            verification.summary());
                    throw new CacheVerificationFailed(verification, names(previous));
                }

                phase = "switch";
                long switchStarted = System.nanoTime();
                switchOver(versions, lease, previous, version);
                long switchMillis = millisSince(switchStarted);
                listener.switched(version);

                phase = "drop of the previous version";
                long dropStarted = System.nanoTime();
                long dropped = 0;
                boolean previousDropped = true;
                try {
                    for (Map.Entry<Long, List<Keyspace>> old : byVersion(previous).entrySet()) {
                        dropped += versions.drop(old.getKey(), old.getValue());
                    }
                } catch (JedisException e) {
                    // Readers are on the new version already: the rebuild succeeded; the next one removes the rest.
                    previousDropped = false;
                    LOG.warn("Version {} is live, but dropping the previous version stopped after {} keys ({}); "
                            + "the next rebuild removes the rest", version, dropped, e.getMessage());
                }
                long dropMillis = millisSince(dropStarted);
                long totalMillis = millisSince(started);
                LOG.info("Cache version {} is live: {} keys loaded in {} ms ({} keys/s), verified in {} ms ({}), "
                                + "switched in {} ms, {} old keys dropped in {} ms",
                        version, keys, loadMillis, perSecond(keys, loadMillis), verifyMillis, verification.summary(),
                        switchMillis, dropped, dropMillis);
                return new RebuildReport(incidentId, version, names(previous), loads, verification,
                        new RebuildReport.Durations(loadMillis, verifyMillis, switchMillis, dropMillis, totalMillis),
                        keys, perSecond(keys, loadMillis), dropped, previousDropped, abandonedDropped);
            } finally {
                releaseQuietly(lease);
            }
        }

        private long dropAbandoned(CacheVersions versions) {
            long dropped = 0;
            for (Map.Entry<Long, List<Keyspace>> abandoned : versions.abandoned().entrySet()) {
                long keys = versions.drop(abandoned.getKey(), abandoned.getValue());
                LOG.info("Dropped abandoned version {} of keyspaces {}: {} keys", abandoned.getKey(),
                        Keyspaces.names(abandoned.getValue()), keys);
                dropped += keys;
            }
            return dropped;
        }

        private List<RebuildReport.KeyspaceLoad> load(Connection database, long version, CacheVersions.Lease lease)
                throws SQLException {
            List<RebuildReport.KeyspaceLoad> loads = new ArrayList<>();
            beginSnapshot(database);
            try (BulkConnection bulk = endpoint.bulk()) {
                Progress progress = new Progress(lease);
                PipelinedWriter writer = new PipelinedWriter(bulk, options.batchSize(), progress::batchSent);
                for (Keyspace keyspace : keyspaces) {
                    phase = "load of keyspace " + keyspace.name();
                    long keysBefore = writer.keys();
                    long started = System.nanoTime();
                    progress.start(keyspace, keysBefore);
                    long rows = keyspace.load(database, CacheKeys.prefixBytes(version, keyspace), writer);
                    writer.finish();
                    long keys = writer.keys() - keysBefore;
                    long millis = millisSince(started);
                    loads.add(new RebuildReport.KeyspaceLoad(keyspace.name(), rows, keys, millis));
                    LOG.info("Loaded keyspace {} into version {}: {} source rows, {} keys in {} ms ({} keys/s)",
                            keyspace.name(), version, rows, keys, millis, perSecond(keys, millis));
                }
                if (writer.fieldsNotAdded() > 0) {
                    LOG.warn("{} fields were written to keys that already held them: two source rows mapped to one key",
                            writer.fieldsNotAdded());
                }
            } catch (RuntimeException | SQLException e) {
                rollbackQuietly(database, e);
                throw e;
            }
            database.commit();
            return loads;
        }

        private Verification verify(Connection database, CacheVersions versions, long version) throws SQLException {
            beginSnapshot(database);
            Verification verification;
            try {
                verification = new CacheVerifier(versions.redis(), versions, options).verify(database, version, keyspaces, sampleRate);
            } catch (RuntimeException | SQLException e) {
                rollbackQuietly(database, e);
                throw e;
            }
            database.commit();
            return verification;
        }

        private void switchOver(CacheVersions versions, CacheVersions.Lease lease, Map<Keyspace, Long> previous, long version) {
            lease.renew();
            CacheVersions.SwitchOutcome outcome = versions.switchTo(lease, previous, version, keyspaces);
            if (outcome.leaseLost()) {
                throw new RebuildLeaseLost("The rebuild lease of " + owner + " was lost before the switch; version "
                        + version + " was not switched");
            }
            if (!outcome.switched()) {
                discard(versions, version);
                throw new CacheSwitchConflict("The pointer of keyspace " + outcome.keyspace() + " moved to '" + outcome.found()
                        + "' while version " + version + " was built from " + names(previous) + "; nothing was switched");
            }
            Map<Keyspace, Long> now = versions.live(keyspaces);
            for (Keyspace keyspace : keyspaces) {
                if (!Long.valueOf(version).equals(now.get(keyspace))) {
                    throw new CacheSwitchConflict("After the switch the pointer of keyspace " + keyspace.name() + " reads "
                            + now.get(keyspace) + " instead of " + version);
                }
            }
        }

        /** Removes a version that will never be live; if Redis is gone, the next rebuild's cleanup does it. */
        private void discard(CacheVersions versions, long version) {
            try {
                versions.drop(version, keyspaces);
            } catch (JedisException e) {
                LOG.warn("Could not remove version {} now ({}); the next rebuild removes it", version, e.getMessage());
            }
        }

        private void releaseQuietly(CacheVersions.Lease lease) {
            try {
                lease.release();
            } catch (JedisException | RecoveryException e) {
                LOG.warn("Could not release the rebuild lease {} ({}); it expires by itself", owner, e.getMessage());
            }
        }

        /** Logs progress every {@code progressEvery} keys and renews the lease well before it expires. */
        private final class Progress {
            private final CacheVersions.Lease lease;
            private final long renewEveryNanos;
            private long lastRenewal = System.nanoTime();
            private Keyspace keyspace;
            private long keysBefore;
            private long nextLog;
            private long started;

            Progress(CacheVersions.Lease lease) {
                this.lease = lease;
                this.renewEveryNanos = Math.max(1, lease.ttl().toNanos() / 3);
            }

            void start(Keyspace current, long keysSoFar) {
                keyspace = current;
                keysBefore = keysSoFar;
                nextLog = options.progressEvery();
                started = System.nanoTime();
            }

            void batchSent(long totalKeys) {
                long keys = totalKeys - keysBefore;
                if (keys >= nextLog) {
                    long millis = millisSince(started);
                    LOG.info("Keyspace {}: {} keys written ({} keys/s)", keyspace.name(), keys, perSecond(keys, millis));
                    nextLog = keys + options.progressEvery();
                }
                long now = System.nanoTime();
                if (now - lastRenewal >= renewEveryNanos) {
                    lease.renew();
                    lastRenewal = now;
                }
                listener.batchWritten(keyspace.name(), keys);
            }
        }
    }

    /** One REPEATABLE READ, read-only transaction: every query of a phase sees the same snapshot. */
    private static void beginSnapshot(Connection database) throws SQLException {
        if (database.getAutoCommit()) {
            database.setAutoCommit(false);
        }
        database.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        database.setReadOnly(true);
    }

    /** Ends a failed phase's transaction without hiding the failure if the connection is gone too. */
    private static void rollbackQuietly(Connection database, Exception cause) {
        try {
            database.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static Map<Long, List<Keyspace>> byVersion(Map<Keyspace, Long> versions) {
        Map<Long, List<Keyspace>> grouped = new LinkedHashMap<>();
        versions.forEach((keyspace, version) -> grouped.computeIfAbsent(version, ignored -> new ArrayList<>()).add(keyspace));
        return grouped;
    }

    private static Map<String, Long> names(Map<Keyspace, Long> versions) {
        Map<String, Long> names = new LinkedHashMap<>();
        versions.forEach((keyspace, version) -> names.put(keyspace.name(), version));
        return names;
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    static long perSecond(long count, long millis) {
        return millis <= 0 ? count * 1000 : count * 1000 / millis;
    }
}
