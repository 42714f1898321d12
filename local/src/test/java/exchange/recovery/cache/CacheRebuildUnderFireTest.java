package exchange.recovery.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.local.exchange.LocalRedis;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/** A rebuild while readers read, and a Redis that dies in the middle of one. */
class CacheRebuildUnderFireTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static CacheFixture fixture;

    @BeforeAll
    static void loadSampleExchange() throws SQLException {
        fixture = new CacheFixture();
    }

    @AfterAll
    static void stopPostgres() {
        fixture.close();
    }

    private static final String EXPECTED_BALANCES = """
            SELECT concat_ws(':', account_id, asset_code), trim_scale(available)::text AS available, trim_scale(locked)::text AS locked
            FROM balances WHERE account_id BETWEEN 1001 AND 1040 ORDER BY 1
            """;
    private static final String EXPECTED_INSTRUMENTS = """
            SELECT symbol, base_asset AS base, quote_asset AS quote, trim_scale(tick_size)::text AS "tickSize",
                   trim_scale(lot_size)::text AS "lotSize", status
            FROM instruments ORDER BY 1
            """;

    @Test
    void readers_neverSeeAPartialOrMixedCacheWhileItIsRebuilt() throws Exception {
        ExchangeDatabase database = fixture.newDatabase();
        try (LocalRedis redis = LocalRedis.start()) {
            RedisEndpoint endpoint = RedisEndpoint.of(redis.host(), redis.port());
            // GIVEN version 1 live, then every balance and every instrument changed in PostgreSQL
            new CacheRebuilder(database, endpoint, RebuildOptions.defaults()).rebuild(RebuildRequest.all("INC-9"));
            Map<String, Map<String, String>> balancesV1 = CacheFixture.rows(database, EXPECTED_BALANCES);
            Map<String, Map<String, String>> instrumentsV1 = CacheFixture.rows(database, EXPECTED_INSTRUMENTS);
            CacheFixture.execute(database, "UPDATE balances SET available = available + 1");
            CacheFixture.execute(database, "UPDATE instruments SET status = 'HALTED'");
            Map<String, Map<String, String>> balancesV2 = CacheFixture.rows(database, EXPECTED_BALANCES);
            Map<String, Map<String, String>> instrumentsV2 = CacheFixture.rows(database, EXPECTED_INSTRUMENTS);
            List<CacheReader.KeyRef> refs = new ArrayList<>();
            balancesV1.keySet().forEach(id -> refs.add(new CacheReader.KeyRef(Keyspaces.BALANCES, id)));
            instrumentsV1.keySet().forEach(id -> refs.add(new CacheReader.KeyRef(Keyspaces.INSTRUMENTS, id)));

            // WHEN four readers read those keys in a loop while version 2 is built, verified, switched and version 1 dropped
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            AtomicLong readsOfVersion2 = new AtomicLong();
            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            ExecutorService readers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            try (RedisClient client = endpoint.pooledClient("test-readers")) {
                CacheReader reader = new CacheReader(client);
                for (int i = 0; i < 4; i++) {
                    running.add(readers.submit(() -> {
                        while (!stop.get()) {
                            CacheReader.Snapshot snapshot = reader.read(refs);
                            Long version = snapshot.versions().get("balances");
                            boolean v2 = Long.valueOf(2).equals(version);
                            Map<String, Map<String, String>> balances = v2 ? balancesV2 : balancesV1;
                            Map<String, Map<String, String>> instruments = v2 ? instrumentsV2 : instrumentsV1;
                            if (!version.equals(snapshot.versions().get("instruments"))) {
                                violations.add("mixed versions " + snapshot.versions());
                            }
                            snapshot.values().forEach((ref, value) -> {
                                Map<String, String> expected = (ref.keyspace() == Keyspaces.BALANCES ? balances : instruments).get(ref.id());
                                if (!value.equals(expected)) {
                                    violations.add("version " + version + " " + ref.id() + ": " + value + " instead of " + expected);
                                }
                            });
                            reads.incrementAndGet();
                            if (v2) {
                                readsOfVersion2.incrementAndGet();
                            }
                        }
                    }));
                }
                long[] readsWhileLoading = new long[2];
                CacheRebuilder rebuilder = new CacheRebuilder(database, endpoint,
                        RebuildOptions.defaults().withBatchSize(200), new RebuildListener() {
                    private boolean waited;

                    @Override
                    public void batchWritten(String keyspace, long keysWritten) {
                        if (keyspace.equals("balances") && !waited) {
                            // half-written balances of version 2 are in Redis now: let the readers at them
                            waited = true;
                            long target = reads.get() + 200;
                            Await.until("200 reads during the load", PATIENCE, () -> reads.get() >= target);
                            readsWhileLoading[0] = 200;
                        }
                    }

                    @Override
                    public void loaded(long version) {
                        long target = reads.get() + 200;
                        Await.until("200 reads between load and switch", PATIENCE, () -> reads.get() >= target);
                        readsWhileLoading[1] = 200;
                    }
                });
                RebuildReport report = rebuilder.rebuild(RebuildRequest.all("INC-9"));
                long target = readsOfVersion2.get() + 200;
                Await.until("200 reads of version 2", PATIENCE, () -> readsOfVersion2.get() >= target);
                stop.set(true);
                for (Future<?> readerLoop : running) {
                    readerLoop.get();
                }

                // THEN every read saw one complete version, old or new, and readers read during every phase
                assertThat(report.version()).isEqualTo(2);
                assertThat(violations).isEmpty();
                assertThat(readsWhileLoading).containsExactly(200, 200);
                assertThat(readsOfVersion2.get()).isGreaterThanOrEqualTo(200);
                assertThat(reads.get()).isGreaterThan(readsOfVersion2.get());
            } finally {
                stop.set(true);
                readers.shutdownNow();
            }
        }
    }

    @Test
    void redisDyingMidRebuild_failsCleanly_keepsThePreviousVersion_andARetrySucceeds() {
        ExchangeDatabase database = fixture.newDatabase();
        try (LocalRedis redis = LocalRedis.startPersistent()) {
            RedisEndpoint endpoint = RedisEndpoint.of(redis.host(), redis.port());
            RebuildOptions options = RebuildOptions.defaults().withBatchSize(100).withLease(Duration.ofSeconds(2));
            // GIVEN version 1 live in a Redis whose acknowledged writes survive a crash
            new CacheRebuilder(database, endpoint, options).rebuild(RebuildRequest.all("INC-10"));
            Map<String, Map<String, String>> balances = CacheFixture.rows(database, EXPECTED_BALANCES);
            CacheFixture.execute(database, "UPDATE balances SET available = available + 1");

            // WHEN Redis is killed while version 2 is half written
            CacheRebuilder crashing = new CacheRebuilder(database, endpoint, options, new RebuildListener() {
                @Override
                public void batchWritten(String keyspace, long keysWritten) {
                    if (keyspace.equals("balances") && keysWritten >= 1000 && redis.isRunning()) {
                        redis.kill();
                    }
                }
            });

            // THEN the rebuild fails with a retryable error naming the phase
            assertThatThrownBy(() -> crashing.rebuild(RebuildRequest.all("INC-10")))
                    .isInstanceOf(CacheUnavailable.class)
                    .hasMessageContaining("load of keyspace balances");

            // AND after Redis restarts, readers still get version 1, complete and unchanged
            redis.restart();
            try (RedisClient client = endpoint.pooledClient("test-reader"); Jedis jedis = new Jedis(redis.host(), redis.port())) {
                CacheReader reader = new CacheReader(client);
                assertThat(reader.liveVersions()).containsEntry("balances", 1L);
                List<CacheReader.KeyRef> refs = balances.keySet().stream()
                        .map(id -> new CacheReader.KeyRef(Keyspaces.BALANCES, id)).toList();
                CacheReader.Snapshot snapshot = reader.read(refs);
                refs.forEach(ref -> assertThat(snapshot.values().get(ref)).isEqualTo(balances.get(ref.id())));
                long balanceRows = CacheFixture.count(database, "SELECT count(*) FROM balances");
                assertThat(CacheFixture.keys(jedis, "v1:bal:*")).isEqualTo(balanceRows);
                long halfWritten = CacheFixture.keys(jedis, "v2:*");
                assertThat(halfWritten).isPositive().isLessThan(balanceRows);

                // AND once the dead rebuild's lease has expired, a retry builds version 3 and removes the half-written version 2
                Await.until("the lease of the dead rebuild to expire", PATIENCE, () -> !jedis.exists(CacheKeys.LEASE));
                RebuildReport retry = new CacheRebuilder(database, endpoint, options).rebuild(RebuildRequest.all("INC-10"));
                assertThat(retry.version()).isEqualTo(3);
                assertThat(retry.abandonedKeysDropped()).isEqualTo(halfWritten);
                assertThat(retry.verification().passed()).isTrue();
                assertThat(CacheFixture.keys(jedis, "v2:*")).isZero();
                assertThat(CacheFixture.keys(jedis, "v1:*")).isZero();
                assertThat(reader.read(Keyspaces.BALANCES, "1001:BTC").orElseThrow().get("available"))
                        .isEqualTo(CacheFixture.rows(database, "SELECT 'x', trim_scale(available)::text AS a FROM balances "
                                + "WHERE account_id = 1001 AND asset_code = 'BTC'").get("x").get("a"));
            }
        }
    }
}
