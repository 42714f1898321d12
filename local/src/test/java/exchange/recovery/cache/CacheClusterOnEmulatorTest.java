package exchange.recovery.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import exchange.recovery.local.emulator.LocalAws;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * The control plane against the AWS emulator: describe, create, wait, and the assessment of a failed
 * primary. The emulator (moto 5.2.1) implements neither ModifyReplicationGroup nor TestFailover, and a
 * deleted group stays "deleting" for ever: promotion itself is covered by CacheClusterControlTest.
 */
class CacheClusterOnEmulatorTest {

    private static LocalAws aws;
    private static ElastiCacheClient elastiCache;

    @BeforeAll
    static void startEmulator() {
        aws = LocalAws.start();
        elastiCache = aws.clients().elastiCache();
    }

    @AfterAll
    static void stopEmulator() {
        aws.close();
    }

    private static CacheClusterSpec spec(String id) {
        return new CacheClusterSpec(id, "exchange caches", "redis", "7.1", "cache.r7g.large", 2, true, true, null,
                List.of(), null, 6379, true, true);
    }

    /** Waiting moves a clock instead of sleeping: the emulator answers at once anyway. */
    private static CacheClusterControl control(String id, Duration maxWait) {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T03:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        return new CacheClusterControl(elastiCache, spec(id),
                new CacheClusterControl.Waiting(maxWait, Duration.ofSeconds(5), Duration.ofSeconds(30)), clock,
                duration -> now.set(now.get().plus(duration)));
    }

    private static ReplicationGroup describe(String id) {
        return elastiCache.describeReplicationGroups(request -> request.replicationGroupId(id)).replicationGroups().get(0);
    }

    @Test
    void ensure_createsAMissingReplicationGroupAndReportsItsPrimary() {
        // GIVEN no replication group named cache-gone
        CacheClusterControl control = control("cache-gone", Duration.ofMinutes(10));
        assertThat(control.assess().exists()).isFalse();

        // WHEN the cluster is ensured
        ClusterState state = control.ensure("INC-20");

        // THEN the emulator holds the group as specified, tagged with the incident, and its primary is reported
        ReplicationGroup group = describe("cache-gone");
        assertThat(state.action()).isEqualTo("CREATE");
        assertThat(state.status()).isEqualTo("available");
        assertThat(group.automaticFailoverAsString()).isEqualTo("enabled");
        assertThat(group.multiAZAsString()).isEqualTo("enabled");
        assertThat(group.cacheNodeType()).isEqualTo("cache.r7g.large");
        assertThat(group.transitEncryptionEnabled()).isTrue();
        assertThat(state.primaryClusterId()).isEqualTo("cache-gone-001");
        assertThat(state.primaryEndpoint()).startsWith("master.cache-gone.");
        assertThat(elastiCache.listTagsForResource(request -> request.resourceName(group.arn())).tagList())
                .anySatisfy(tag -> assertThat(tag.value()).isEqualTo("INC-20"));
    }

    @Test
    void ensure_isIdempotent() {
        // GIVEN a group ensured once
        control("cache-twice", Duration.ofMinutes(10)).ensure("INC-21");

        // WHEN it is ensured again
        ClusterState again = control("cache-twice", Duration.ofMinutes(10)).ensure("INC-21");

        // THEN nothing more is done
        assertThat(again.action()).isEqualTo("NONE");
        assertThat(elastiCache.describeReplicationGroups().replicationGroups())
                .filteredOn(group -> group.replicationGroupId().equals("cache-twice")).hasSize(1);
    }

    @Test
    void assess_plansAPromotionWhenThePrimaryNodeFailed() {
        // GIVEN a group without automatic failover, a primary and a replica, whose primary node is going away
        elastiCache.createReplicationGroup(request -> request.replicationGroupId("cache-failed")
                .replicationGroupDescription("exchange caches").engine("redis").cacheNodeType("cache.r7g.large")
                .replicasPerNodeGroup(1).automaticFailoverEnabled(false));
        for (String member : List.of("cache-failed-001", "cache-failed-002")) {
            elastiCache.createCacheCluster(request -> request.cacheClusterId(member).replicationGroupId("cache-failed")
                    .cacheNodeType("cache.r7g.large").engine("redis"));
        }
        elastiCache.deleteCacheCluster(request -> request.cacheClusterId("cache-failed-001"));

        // WHEN the control plane looks at it
        ClusterAssessment assessment = control("cache-failed", Duration.ofMinutes(10)).assess();

        // THEN it sees the failed primary and plans to promote the serving replica
        assertThat(assessment.members()).containsExactly(
                new ClusterAssessment.Member("cache-failed-001", "primary", "deleting"),
                new ClusterAssessment.Member("cache-failed-002", "replica", "available"));
        assertThat(assessment.action()).isEqualTo(ClusterAssessment.Action.PROMOTE_REPLICA);
        assertThat(assessment.promotionCandidate()).map(ClusterAssessment.Member::clusterId).contains("cache-failed-002");
    }

    @Test
    void ensure_waitsOnlyBoundedForAGroupStuckInDeletion() {
        // GIVEN a group being deleted (the emulator never finishes deleting)
        control("cache-deleting", Duration.ofMinutes(10)).ensure("INC-22");
        elastiCache.deleteReplicationGroup(request -> request.replicationGroupId("cache-deleting"));

        // WHEN the cluster is ensured with a one-minute wait / THEN it fails retryably, saying what it waits for
        assertThatThrownBy(() -> control("cache-deleting", Duration.ofMinutes(1)).ensure("INC-22"))
                .isInstanceOf(CacheClusterNotReady.class)
                .hasMessageContaining("deletion of cache-deleting")
                .hasMessageContaining("deleting");
    }
}
