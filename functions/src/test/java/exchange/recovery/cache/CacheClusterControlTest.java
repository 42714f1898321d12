package exchange.recovery.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.AutomaticFailoverStatus;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.DeleteReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeCacheClustersRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeCacheClustersResponse;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsResponse;
import software.amazon.awssdk.services.elasticache.model.ElastiCacheException;
import software.amazon.awssdk.services.elasticache.model.ModifyReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;

/** The control plane's decisions and calls, with ElastiCache mocked (failover is not served by the emulator). */
class CacheClusterControlTest {

    private static final String GROUP = "exchange-cache";

    private final ElastiCacheClient elastiCache = mock(ElastiCacheClient.class);
    private final MutableClock clock = new MutableClock();
    private final List<Duration> sleeps = new ArrayList<>();

    private CacheClusterControl control(boolean automaticFailover) {
        CacheClusterSpec spec = new CacheClusterSpec(GROUP, "test", "redis", "7.1", "cache.r7g.large", 2, automaticFailover,
                automaticFailover, "cache-subnets", List.of("sg-1"), null, 6379, true, true);
        return new CacheClusterControl(elastiCache, spec,
                new CacheClusterControl.Waiting(Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                clock, duration -> {
                    sleeps.add(duration);
                    clock.advance(duration);
                });
    }

    @SafeVarargs
    private void groupAnswers(ReplicationGroup... states) {
        var stubbing = when(elastiCache.describeReplicationGroups(any(Consumer.class)));
        for (ReplicationGroup state : states) {
            stubbing = state == null
                    ? stubbing.thenThrow(ReplicationGroupNotFoundException.builder().message("not found").build())
                    : stubbing.thenReturn(DescribeReplicationGroupsResponse.builder().replicationGroups(state).build());
        }
    }

    private void clusterStatuses(String primary, String replica) {
        when(elastiCache.describeCacheClusters(any(Consumer.class))).thenAnswer(call -> {
            DescribeCacheClustersRequest.Builder builder = DescribeCacheClustersRequest.builder();
            Consumer<DescribeCacheClustersRequest.Builder> request = call.getArgument(0);
            request.accept(builder);
            String id = builder.build().cacheClusterId();
            String status = id.endsWith("-001") ? primary : replica;
            return DescribeCacheClustersResponse.builder()
                    .cacheClusters(CacheCluster.builder().cacheClusterId(id).cacheClusterStatus(status).build()).build();
        });
    }

    private static ReplicationGroup group(String status, boolean automaticFailover, String primaryId) {
        return ReplicationGroup.builder().replicationGroupId(GROUP).status(status)
                .automaticFailover(automaticFailover ? AutomaticFailoverStatus.ENABLED : AutomaticFailoverStatus.DISABLED)
                .nodeGroups(NodeGroup.builder().nodeGroupId("0001")
                        .primaryEndpoint(endpoint -> endpoint.address("master." + GROUP + ".cache.amazonaws.com").port(6379))
                        .nodeGroupMembers(
                                NodeGroupMember.builder().cacheClusterId(GROUP + "-001")
                                        .currentRole(primaryId.endsWith("-001") ? "primary" : "replica").build(),
                                NodeGroupMember.builder().cacheClusterId(GROUP + "-002")
                                        .currentRole(primaryId.endsWith("-002") ? "primary" : "replica").build())
                        .build())
                .build();
    }

    @Test
    void ensure_createsTheGroupFromTheSpecWhenItIsGone() {
        // GIVEN no replication group, then one being created, then one available
        groupAnswers(null, group("creating", true, "-001"), group("available", true, "-001"));
        clusterStatuses("available", "available");

        // WHEN the cluster is ensured
        ClusterState state = control(true).ensure("INC-1");

        // THEN the group is requested with the configured settings and tagged with the incident, and awaited
        ArgumentCaptor<CreateReplicationGroupRequest> created = ArgumentCaptor.forClass(CreateReplicationGroupRequest.class);
        verify(elastiCache).createReplicationGroup(created.capture());
        assertThat(created.getValue().replicationGroupId()).isEqualTo(GROUP);
        assertThat(created.getValue().numCacheClusters()).isEqualTo(2);
        assertThat(created.getValue().automaticFailoverEnabled()).isTrue();
        assertThat(created.getValue().multiAZEnabled()).isTrue();
        assertThat(created.getValue().cacheSubnetGroupName()).isEqualTo("cache-subnets");
        assertThat(created.getValue().securityGroupIds()).containsExactly("sg-1");
        assertThat(created.getValue().transitEncryptionEnabled()).isTrue();
        assertThat(created.getValue().tags()).anySatisfy(tag -> assertThat(tag.value()).isEqualTo("INC-1"));
        assertThat(state.action()).isEqualTo("CREATE");
        assertThat(state.status()).isEqualTo("available");
        assertThat(state.primaryClusterId()).isEqualTo(GROUP + "-001");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void ensure_promotesAServingReplicaWhenThePrimaryFailedAndAutomaticFailoverIsOff() {
        // GIVEN a group whose primary node failed, then the replica promoted
        groupAnswers(group("available", false, "-001"), group("available", false, "-002"));
        clusterStatuses("incompatible-network", "available");

        // WHEN the cluster is ensured
        ClusterState state = control(false).ensure("INC-2");

        // THEN the replica is promoted at once
        ArgumentCaptor<Consumer<ModifyReplicationGroupRequest.Builder>> modified = ArgumentCaptor.forClass(Consumer.class);
        verify(elastiCache).modifyReplicationGroup(modified.capture());
        ModifyReplicationGroupRequest.Builder request = ModifyReplicationGroupRequest.builder();
        modified.getValue().accept(request);
        assertThat(request.build().primaryClusterId()).isEqualTo(GROUP + "-002");
        assertThat(request.build().applyImmediately()).isTrue();
        assertThat(state.action()).isEqualTo("PROMOTE_REPLICA");
        assertThat(state.primaryClusterId()).isEqualTo(GROUP + "-002");
    }

    @Test
    void ensure_waitsForElastiCachesOwnFailoverWhenAutomaticFailoverIsOn() {
        // GIVEN a Multi-AZ group whose primary failed; ElastiCache promotes the replica by itself
        groupAnswers(group("available", true, "-001"), group("modifying", true, "-001"), group("available", true, "-002"));
        clusterStatuses("failed", "available");

        // WHEN the cluster is ensured
        ClusterState state = control(true).ensure("INC-3");

        // THEN nothing is modified: the service's own failover is awaited
        verify(elastiCache, never()).modifyReplicationGroup(any(Consumer.class));
        assertThat(state.action()).isEqualTo("AWAIT_AUTOMATIC_FAILOVER");
        assertThat(state.primaryClusterId()).isEqualTo(GROUP + "-002");
    }

    @Test
    void ensure_replacesAGroupWhoseCreationFailed() {
        // GIVEN a group in create-failed, then deleting, then gone, then created
        groupAnswers(group("create-failed", true, "-001"), group("deleting", true, "-001"), null,
                group("available", true, "-001"));
        clusterStatuses("available", "available");

        // WHEN the cluster is ensured
        ClusterState state = control(true).ensure("INC-4");

        // THEN it is deleted, awaited, and created again
        InOrder order = inOrder(elastiCache);
        order.verify(elastiCache).deleteReplicationGroup(any(Consumer.class));
        order.verify(elastiCache).createReplicationGroup(any(CreateReplicationGroupRequest.class));
        assertThat(state.action()).isEqualTo("REPLACE");
    }

    @Test
    void ensure_leavesAHealthyGroupAlone() {
        // GIVEN a healthy group
        groupAnswers(group("available", true, "-001"));
        clusterStatuses("available", "available");

        // WHEN the cluster is ensured
        ClusterState state = control(true).ensure("INC-5");

        // THEN nothing is changed and nothing awaited
        verify(elastiCache, never()).createReplicationGroup(any(CreateReplicationGroupRequest.class));
        verify(elastiCache, never()).deleteReplicationGroup(any(DeleteReplicationGroupRequest.class));
        verify(elastiCache, never()).modifyReplicationGroup(any(Consumer.class));
        assertThat(state.action()).isEqualTo("NONE");
        assertThat(state.primaryEndpoint()).isEqualTo("master.exchange-cache.cache.amazonaws.com");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void ensure_givesUpAfterTheBoundedWaitWithARetryableError() {
        // GIVEN a group that stays in creation
        groupAnswers(group("creating", true, "-001"));
        clusterStatuses("creating", "creating");

        // WHEN the cluster is ensured / THEN it waits at most ten minutes, backing off, then fails retryably
        assertThatThrownBy(() -> control(true).ensure("INC-6"))
                .isInstanceOf(CacheClusterNotReady.class)
                .hasMessageContaining("Waited 600 s").hasMessageContaining("creating");
        assertThat(sleeps).startsWith(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30));
        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void ensure_reportsThrottlingAsRetryableAndRefusalsAsFinal() {
        // GIVEN ElastiCache throttling, then refusing
        when(elastiCache.describeReplicationGroups(any(Consumer.class)))
                .thenThrow(ElastiCacheException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").errorMessage("Rate exceeded").build()).build())
                .thenThrow(ElastiCacheException.builder().statusCode(403)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("not authorized").build()).build());

        // WHEN / THEN
        assertThatThrownBy(() -> control(true).ensure("INC-7")).isInstanceOf(ElastiCacheUnavailable.class);
        assertThatThrownBy(() -> control(true).ensure("INC-7")).isInstanceOf(ElastiCacheRequestRejected.class)
                .hasMessageContaining("AccessDenied");
    }

    @Test
    void spec_refusesAutomaticFailoverWithoutAReplica() {
        assertThatThrownBy(() -> new CacheClusterSpec(GROUP, "d", "redis", null, "cache.t4g.small", 1, true, false, null,
                List.of(), null, 6379, true, true))
                .hasMessageContaining("automatic failover needs a replica");
    }

    /** A clock the fake sleeper moves forward. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T03:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
