package exchange.recovery.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/**
 * Corruption between the load and the switch, in PostgreSQL or in the cache, is caught by verification
 * with evidence, and readers stay on the previous version.
 */
class CacheVerificationTest extends RealStoresCacheTest {

    @BeforeEach
    void buildVersion1() {
        new CacheRebuilder(database, endpoint, RebuildOptions.defaults()).rebuild(RebuildRequest.all("INC-base"));
    }

    /** A balance id that the default 1 % sample always compares. */
    private String sampledBalance() {
        return balanceWithBucket("< " + Keyspace.sampleThreshold(RebuildOptions.DEFAULT_SAMPLE_RATE));
    }

    /** A balance id that no sample below 40 % compares. */
    private String unsampledBalance() {
        return balanceWithBucket(">= " + Keyspace.sampleThreshold(0.4));
    }

    private String balanceWithBucket(String condition) {
        return CacheFixture.rows(database, "SELECT concat_ws(':', account_id, asset_code) FROM balances "
                + "WHERE account_id > 1000 AND (hashtextextended(concat_ws(':', account_id, asset_code), 0) & 1048575) "
                + condition + " ORDER BY 1 LIMIT 1").keySet().iterator().next();
    }

    private static String where(String balanceId) {
        String[] parts = balanceId.split(":");
        return " WHERE account_id = " + parts[0] + " AND asset_code = '" + parts[1] + "'";
    }

    private CacheVerificationFailed rebuildFailing(LongConsumer afterLoad) {
        CacheRebuilder rebuilder = new CacheRebuilder(database, endpoint, RebuildOptions.defaults(), new RebuildListener() {
            @Override
            public void loaded(long version) {
                afterLoad.accept(version);
            }
        });
        return catchThrowableOfType(CacheVerificationFailed.class, () -> rebuilder.rebuild(RebuildRequest.all("INC-7")));
    }

    private void assertReadersStayOnVersion1() {
        assertThat(reader.liveVersions()).containsOnly(Map.entry("instruments", 1L), Map.entry("balances", 1L),
                Map.entry("orders", 1L), Map.entry("book", 1L));
        assertThat(CacheFixture.keys(jedis, "v2:*")).as("keys of the failed version").isZero();
        assertThat(jedis.smembers(CacheKeys.VERSIONS)).noneMatch(member -> member.endsWith(":2"));
    }

    @Test
    void verification_catchesASourceValueChangedAfterTheLoad() {
        // GIVEN a balance in the sample whose value PostgreSQL changes after the load
        String id = sampledBalance();
        String cachedBefore = reader.read(Keyspaces.BALANCES, id).orElseThrow().get("available");

        // WHEN version 2 is built
        CacheVerificationFailed failure = rebuildFailing(version ->
                CacheFixture.execute(database, "UPDATE balances SET available = available + 5" + where(id)));

        // THEN verification names the key, the field, the source value and the cached one
        String now = CacheFixture.rows(database, "SELECT 'x', trim_scale(available)::text AS a FROM balances" + where(id))
                .get("x").get("a");
        assertThat(failure).isNotNull();
        assertThat(failure.verification().mismatches()).contains(
                new Verification.Mismatch("balances", "v2:bal:" + id, "available", now, cachedBefore));
        assertThat(failure.verification().counts()).allMatch(Verification.CountCheck::matches);
        assertThat(failure).hasMessageContaining("v2:bal:" + id + " available: expected " + now + ", found " + cachedBefore)
                .hasMessageContaining("readers stay on version(s) {instruments=1, balances=1, orders=1, book=1}");
        assertReadersStayOnVersion1();
        assertThat(reader.read(Keyspaces.BALANCES, id).orElseThrow()).containsEntry("available", cachedBefore);
    }

    @Test
    void verification_catchesASourceRowDeletedAfterTheLoadByItsCount() {
        // GIVEN a balance outside the sample, deleted from PostgreSQL after the load
        String id = unsampledBalance();
        long balances = CacheFixture.count(database, "SELECT count(*) FROM balances");

        // WHEN version 2 is built
        CacheVerificationFailed failure = rebuildFailing(version ->
                CacheFixture.execute(database, "DELETE FROM balances" + where(id)));

        // THEN the key counts differ and say by how much
        assertThat(failure).isNotNull();
        assertThat(failure.verification().counts()).contains(
                new Verification.CountCheck("balances", "keys", balances - 1, balances));
        assertThat(failure.verification().mismatchCount()).isZero();
        assertThat(failure).hasMessageContaining("balances keys: source " + (balances - 1) + ", cache " + balances);
        assertReadersStayOnVersion1();
    }

    @Test
    void verification_catchesACorruptedCacheValue() {
        // GIVEN a sampled balance whose cached value is overwritten after the load
        String id = sampledBalance();

        // WHEN version 2 is built
        CacheVerificationFailed failure = rebuildFailing(version ->
                jedis.hset("v" + version + ":bal:" + id, "locked", "123456"));

        // THEN the corrupted field is reported against the source value
        String source = CacheFixture.rows(database, "SELECT 'x', trim_scale(locked)::text AS l FROM balances" + where(id))
                .get("x").get("l");
        assertThat(failure).isNotNull();
        assertThat(failure.verification().mismatches()).containsExactly(
                new Verification.Mismatch("balances", "v2:bal:" + id, "locked", source, "123456"));
        assertReadersStayOnVersion1();
    }

    @Test
    void verification_catchesAMissingCacheKeyByItsCount() {
        // GIVEN a key outside the sample that disappears from the cache after the load (an eviction)
        String id = unsampledBalance();
        long balances = CacheFixture.count(database, "SELECT count(*) FROM balances");

        // WHEN version 2 is built
        CacheVerificationFailed failure = rebuildFailing(version -> jedis.del("v" + version + ":bal:" + id));

        // THEN the cache holds one key fewer than the source has rows
        assertThat(failure).isNotNull();
        assertThat(failure.verification().counts()).contains(
                new Verification.CountCheck("balances", "keys", balances, balances - 1));
        assertReadersStayOnVersion1();
    }

    @Test
    void verification_catchesAFieldTheSourceDoesNotHave() {
        // GIVEN an instrument key (small keyspaces are compared whole) given an extra field after the load
        // WHEN version 2 is built
        CacheVerificationFailed failure = rebuildFailing(version -> jedis.hset("v" + version + ":ins:ETH-BTC", "bogus", "1"));

        // THEN the extra field is evidence
        assertThat(failure).isNotNull();
        assertThat(failure.verification().mismatches()).containsExactly(
                new Verification.Mismatch("instruments", "v2:ins:ETH-BTC", "bogus", "absent", "1"));
        assertReadersStayOnVersion1();
    }

    @Test
    void verification_catchesAnOrderBookLevelThatNoLongerMatches() {
        // GIVEN an open order whose quantity PostgreSQL changes after the load
        // WHEN version 2 is built
        CacheVerificationFailed failure = rebuildFailing(version ->
                CacheFixture.execute(database, "UPDATE orders SET quantity = quantity + 1 WHERE order_id = 1010"));

        // THEN the price level of that order in the book differs (the book is small, so compared whole)
        String price = CacheFixture.rows(database, "SELECT 'x', trim_scale(price)::text AS p FROM orders WHERE order_id = 1010")
                .get("x").get("p");
        assertThat(failure).isNotNull();
        assertThat(failure.verification().mismatches())
                .anySatisfy(mismatch -> {
                    assertThat(mismatch.keyspace()).isEqualTo("book");
                    assertThat(mismatch.key()).isEqualTo("v2:book:BTC-USDT:BUY");
                    assertThat(mismatch.field()).isEqualTo(price);
                });
        assertReadersStayOnVersion1();
    }

    @Test
    void verification_comparesTheSameKeysOnEveryRun() {
        // GIVEN unchanged data
        CacheRebuilder rebuilder = new CacheRebuilder(database, endpoint, RebuildOptions.defaults());

        // WHEN the cache is rebuilt twice
        List<Verification.SampleCheck> first = rebuilder.rebuild(RebuildRequest.all("INC-8")).verification().samples();
        List<Verification.SampleCheck> second = rebuilder.rebuild(RebuildRequest.all("INC-8")).verification().samples();

        // THEN both samples are the same size per keyspace, at least 1 % of the balances
        assertThat(second).isEqualTo(first);
        long balances = CacheFixture.count(database, "SELECT count(*) FROM balances");
        assertThat(first).filteredOn(sample -> sample.keyspace().equals("balances")).singleElement()
                .satisfies(sample -> assertThat(sample.sampled()).isGreaterThanOrEqualTo(balances / 100));
    }
}
