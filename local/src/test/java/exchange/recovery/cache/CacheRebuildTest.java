package exchange.recovery.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;


/** Full rebuilds and the safe switch, against a real PostgreSQL and a real Redis. */
class CacheRebuildTest extends RealStoresCacheTest {

    private CacheRebuilder rebuilder() {
        return new CacheRebuilder(database, endpoint, RebuildOptions.defaults().withBatchSize(100));
    }

    @Test
    void rebuild_loadsEveryKeyspaceWithAsManyKeysAsTheSourceHasRows() {
        // GIVEN an empty cache and the sample exchange in PostgreSQL

        // WHEN the cache is rebuilt
        RebuildReport report = rebuilder().rebuild(RebuildRequest.all("INC-1"));

        // THEN every keyspace holds one key per source row (one per instrument and side for the book)
        long balances = CacheFixture.count(database, "SELECT count(*) FROM balances");
        long openOrders = CacheFixture.count(database, "SELECT count(*) FROM orders WHERE status IN ('OPEN', 'PARTIALLY_FILLED')");
        assertThat(report.keyspaces()).extracting(RebuildReport.KeyspaceLoad::keyspace, RebuildReport.KeyspaceLoad::keys)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("instruments", 3L),
                        org.assertj.core.groups.Tuple.tuple("balances", balances),
                        org.assertj.core.groups.Tuple.tuple("orders", openOrders),
                        org.assertj.core.groups.Tuple.tuple("book", 2L));
        assertThat(CacheFixture.keys(jedis, "v1:bal:*")).isEqualTo(balances);
        assertThat(CacheFixture.keys(jedis, "v1:ord:*")).isEqualTo(openOrders);
        assertThat(report.verification().passed()).isTrue();
        assertThat(report.verification().counts()).allMatch(Verification.CountCheck::matches);
        assertThat(report.verification().sampled()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void rebuild_switchesReadersToTheNewVersionWithTheSourceValues() {
        // GIVEN the sample exchange in PostgreSQL
        Map<String, String> expectedBalance = CacheFixture.rows(database,
                "SELECT 'x', trim_scale(available)::text AS available, trim_scale(locked)::text AS locked "
                        + "FROM balances WHERE account_id = 1010 AND asset_code = 'USDT'").get("x");
        Map<String, String> expectedBook = CacheFixture.rows(database, """
                SELECT 'x', string_agg(trim_scale(price)::text || '=' || trim_scale(q)::text, ',' ORDER BY price) AS levels
                FROM (SELECT price, sum(quantity - filled) q FROM orders
                      WHERE symbol = 'BTC-USDT' AND side = 'BUY' AND status IN ('OPEN', 'PARTIALLY_FILLED') GROUP BY price) l
                """).get("x");

        // WHEN the cache is rebuilt
        RebuildReport report = rebuilder().rebuild(RebuildRequest.all("INC-2"));

        // THEN a reader reading through the pointer gets the source's values
        assertThat(reader.liveVersions()).containsOnly(
                Map.entry("instruments", report.version()), Map.entry("balances", report.version()),
                Map.entry("orders", report.version()), Map.entry("book", report.version()));
        assertThat(reader.read(Keyspaces.BALANCES, "1010:USDT")).contains(expectedBalance);
        assertThat(reader.read(Keyspaces.INSTRUMENTS, "BTC-USDT")).contains(Map.of(
                "base", "BTC", "quote", "USDT", "tickSize", "0.01", "lotSize", "0.00001", "status", "TRADING"));
        assertThat(reader.read(Keyspaces.ORDERS, "1010")).hasValueSatisfying(order -> assertThat(order)
                .containsEntry("account", "1010").containsEntry("side", "BUY").containsEntry("quantity", "0.001"));
        Map<String, String> book = reader.read(Keyspaces.BOOK, "BTC-USDT:BUY").orElseThrow();
        assertThat(book.entrySet().stream().sorted(Map.Entry.comparingByKey(
                        (a, b) -> new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b))))
                .map(level -> level.getKey() + "=" + level.getValue()).toList())
                .containsExactly(expectedBook.get("levels").split(","));
        assertThat(reader.read(Keyspaces.BALANCES, "999999:BTC")).isEmpty();
    }

    @Test
    void rebuild_dropsThePreviousVersionOnlyAfterSwitching() {
        // GIVEN a live version 1
        RebuildReport first = rebuilder().rebuild(RebuildRequest.all("INC-3"));
        long previousKeys = first.keys();
        long[] keysOfVersion1AtSwitch = new long[1];

        // WHEN the cache is rebuilt again
        RebuildReport second = new CacheRebuilder(database, endpoint, RebuildOptions.defaults(), new RebuildListener() {
            @Override
            public void switched(long version) {
                keysOfVersion1AtSwitch[0] = CacheFixture.keys(jedis, "v1:*");
            }
        }).rebuild(RebuildRequest.all("INC-3"));

        // THEN version 1 was complete when readers moved to version 2, and is gone afterwards
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.previousVersions()).containsEntry("balances", 1L);
        assertThat(keysOfVersion1AtSwitch[0]).isEqualTo(previousKeys);
        assertThat(second.droppedKeys()).isEqualTo(previousKeys);
        assertThat(CacheFixture.keys(jedis, "v1:*")).isZero();
        assertThat(CacheFixture.keys(jedis, "v2:*")).isEqualTo(second.keys());
        assertThat(jedis.smembers(CacheKeys.VERSIONS)).containsExactlyInAnyOrder(
                "instruments:2", "balances:2", "orders:2", "book:2");
    }

    @Test
    void rebuild_ofSomeKeyspacesLeavesTheOthersOnTheirVersion() {
        // GIVEN every keyspace live at version 1
        rebuilder().rebuild(RebuildRequest.all("INC-4"));

        // WHEN only balances are rebuilt
        RebuildReport report = rebuilder().rebuild(new RebuildRequest("INC-4", java.util.List.of("balances"), 0.05));

        // THEN balances move to version 2 and the other keyspaces keep version 1 and their keys
        assertThat(report.keyspaces()).extracting(RebuildReport.KeyspaceLoad::keyspace).containsExactly("balances");
        assertThat(reader.liveVersions()).containsEntry("balances", 2L).containsEntry("instruments", 1L)
                .containsEntry("orders", 1L).containsEntry("book", 1L);
        assertThat(reader.read(Keyspaces.INSTRUMENTS, "ETH-BTC")).isPresent();
        assertThat(CacheFixture.keys(jedis, "v1:bal:*")).isZero();
        assertThat(report.verification().samples()).singleElement()
                .satisfies(sample -> assertThat(sample.rate()).isEqualTo(0.05));
    }

    @Test
    void rebuild_refusesToStartWhileAnotherRebuildHoldsTheLease() {
        // GIVEN another rebuild holding the lease
        jedis.set(CacheKeys.LEASE, "INC-other/1234");
        jedis.pexpire(CacheKeys.LEASE, 60_000);

        // WHEN a rebuild starts / THEN it fails as retryable, naming the holder, and writes nothing
        assertThatThrownBy(() -> rebuilder().rebuild(RebuildRequest.all("INC-5")))
                .isInstanceOf(RebuildInProgress.class)
                .hasMessageContaining("INC-other/1234");
        assertThat(CacheFixture.keys(jedis, "v*")).isZero();
        assertThat(jedis.exists(CacheKeys.LIVE)).isFalse();
    }

    @Test
    void switch_refusesWhenThePointerMovedDuringTheBuild() {
        // GIVEN a live version 1
        rebuilder().rebuild(RebuildRequest.all("INC-6"));

        // WHEN something else moves the balances pointer while version 2 is being built
        CacheRebuilder rebuilder = new CacheRebuilder(database, endpoint, RebuildOptions.defaults(), new RebuildListener() {
            @Override
            public void loaded(long version) {
                jedis.hset(CacheKeys.LIVE, "balances", "77");
            }
        });

        // THEN nothing is switched and the new version is removed
        assertThatThrownBy(() -> rebuilder.rebuild(RebuildRequest.all("INC-6")))
                .isInstanceOf(CacheSwitchConflict.class)
                .hasMessageContaining("balances");
        assertThat(reader.liveVersions()).containsEntry("balances", 77L).containsEntry("instruments", 1L);
        assertThat(CacheFixture.keys(jedis, "v2:*")).isZero();
    }
}
