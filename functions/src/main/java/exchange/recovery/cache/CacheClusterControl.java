package exchange.recovery.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.core.RecoveryException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.AutomaticFailoverStatus;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheClusterNotFoundException;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.InvalidReplicationGroupStateException;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.NodeGroupMember;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupAlreadyExistsException;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticache.model.Tag;

/**
 * Keeps the cache's replication group there and serving, through the ElastiCache API: creates it when
 * it is gone, promotes a replica when its primary failed (or waits for ElastiCache's own automatic
 * failover), replaces it when creation failed or no node serves, then waits, bounded, until it is
 * healthy. Every action is safe to repeat: a second call finds the work under way and waits for it.
 */
public final class CacheClusterControl {

    private static final Logger LOG = LogManager.getLogger(CacheClusterControl.class);

    /** How the wait between two looks at the group is spent (a real sleep in Lambda; a clock in tests). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** How long one invocation waits, and how often it looks (doubling from first to max). */
    public record Waiting(Duration maxWait, Duration firstPoll, Duration maxPoll) {
        public static Waiting defaults() {
            return new Waiting(Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(30));
        }
    }

    private final ElastiCacheClient elastiCache;
    private final CacheClusterSpec spec;
    private final Waiting waiting;
    private final Clock clock;
    private final Sleeper sleeper;

    public CacheClusterControl(ElastiCacheClient elastiCache, CacheClusterSpec spec, Waiting waiting, Clock clock, Sleeper sleeper) {
        this.elastiCache = elastiCache;
        this.spec = spec;
        this.waiting = waiting;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public CacheClusterSpec spec() {
        return spec;
    }

    /** Looks at the group and its members without changing anything. */
    public ClusterAssessment assess() {
        return call("describe replication group " + spec.replicationGroupId(), () -> {
            ReplicationGroup group;
            try {
                List<ReplicationGroup> groups = elastiCache.describeReplicationGroups(request -> request
                        .replicationGroupId(spec.replicationGroupId())).replicationGroups();
                if (groups.isEmpty()) {
                    return ClusterAssessment.missing(spec.replicationGroupId());
                }
                group = groups.get(0);
            } catch (ReplicationGroupNotFoundException gone) {
                return ClusterAssessment.missing(spec.replicationGroupId());
            }
            List<ClusterAssessment.Member> members = new ArrayList<>();
            String endpoint = null;
            Integer port = null;
            for (NodeGroup nodeGroup : group.nodeGroups()) {
                if (nodeGroup.primaryEndpoint() != null) {
                    endpoint = nodeGroup.primaryEndpoint().address();
                    port = nodeGroup.primaryEndpoint().port();
                }
                for (NodeGroupMember member : nodeGroup.nodeGroupMembers()) {
                    members.add(new ClusterAssessment.Member(member.cacheClusterId(),
                            member.currentRole() == null ? "replica" : member.currentRole(), memberStatus(member.cacheClusterId())));
                }
            }
            boolean automaticFailover = group.automaticFailover() == AutomaticFailoverStatus.ENABLED
                    || group.automaticFailover() == AutomaticFailoverStatus.ENABLING;
            return new ClusterAssessment(spec.replicationGroupId(), group.status(), automaticFailover, members, endpoint, port);
        });
    }

    private String memberStatus(String clusterId) {
        try {
            List<CacheCluster> clusters = elastiCache.describeCacheClusters(request -> request
                    .cacheClusterId(clusterId).showCacheNodeInfo(true)).cacheClusters();
            if (clusters.isEmpty()) {
                return ClusterAssessment.UNKNOWN;
            }
            CacheCluster cluster = clusters.get(0);
            String status = cluster.cacheClusterStatus();
            // A cluster reported available whose node is not (e.g. a failed node awaiting replacement) is not serving.
            boolean nodeDown = cluster.hasCacheNodes() && cluster.cacheNodes().stream()
                    .anyMatch(node -> node.cacheNodeStatus() != null && !"available".equals(node.cacheNodeStatus()));
            return "available".equals(status) && nodeDown ? cluster.cacheNodes().get(0).cacheNodeStatus() : status;
        } catch (CacheClusterNotFoundException notDescribed) {
            return ClusterAssessment.UNKNOWN;
        }
    }

    /** Assesses the group, does what that calls for, and waits (bounded) until it is healthy. */
    public ClusterState ensure(String incidentId) {
        Instant started = clock.instant();
        ClusterAssessment assessment = assess();
        ClusterAssessment.Action action = assessment.action();
        LOG.info("Cache cluster {} for incident {}: {}", assessment.describe(), incidentId, action);
        switch (action) {
            case NONE, AWAIT, AWAIT_AUTOMATIC_FAILOVER -> {
            }
            case CREATE -> create(incidentId);
            case AWAIT_DELETION_THEN_CREATE -> {
                awaitDeletion(started);
                create(incidentId);
            }
            case REPLACE -> {
                delete();
                awaitDeletion(started);
                create(incidentId);
            }
            case PROMOTE_REPLICA -> promote(assessment.promotionCandidate().orElseThrow().clusterId());
        }
        ClusterAssessment now = awaitHealthy(started, action);
        ClusterAssessment.Member primary = now.primary().orElse(null);
        return new ClusterState(incidentId, spec.replicationGroupId(), action.name(), now.status(),
                primary == null ? null : primary.clusterId(), now.primaryEndpoint(), now.port(), now.members(),
                Duration.between(started, clock.instant()).toMillis());
    }

    private void create(String incidentId) {
        call("create replication group " + spec.replicationGroupId(), () -> {
            CreateReplicationGroupRequest.Builder request = CreateReplicationGroupRequest.builder()
                    .replicationGroupId(spec.replicationGroupId())
                    .replicationGroupDescription(spec.description())
                    .engine(spec.engine())
                    .cacheNodeType(spec.nodeType())
                    .numCacheClusters(spec.numCacheClusters())
                    .automaticFailoverEnabled(spec.automaticFailover())
                    .multiAZEnabled(spec.multiAz())
                    .port(spec.port())
                    .transitEncryptionEnabled(spec.transitEncryption())
                    .atRestEncryptionEnabled(spec.atRestEncryption())
                    .tags(Tag.builder().key("exchange-recovery:incident").value(incidentId).build());
            if (spec.engineVersion() != null) {
                request.engineVersion(spec.engineVersion());
            }
            if (spec.subnetGroupName() != null) {
                request.cacheSubnetGroupName(spec.subnetGroupName());
            }
            if (!spec.securityGroupIds().isEmpty()) {
                request.securityGroupIds(spec.securityGroupIds());
            }
            if (spec.parameterGroupName() != null) {
                request.cacheParameterGroupName(spec.parameterGroupName());
            }
            try {
                elastiCache.createReplicationGroup(request.build());
                LOG.info("Requested replication group {} ({} x {})", spec.replicationGroupId(), spec.numCacheClusters(), spec.nodeType());
            } catch (ReplicationGroupAlreadyExistsException alreadyRequested) {
                LOG.info("Replication group {} already exists: waiting for it", spec.replicationGroupId());
            }
            return null;
        });
    }

    private void delete() {
        call("delete replication group " + spec.replicationGroupId(), () -> {
            try {
                elastiCache.deleteReplicationGroup(request -> request.replicationGroupId(spec.replicationGroupId())
                        .retainPrimaryCluster(false));
                LOG.warn("Deleting replication group {} to replace it", spec.replicationGroupId());
            } catch (ReplicationGroupNotFoundException | InvalidReplicationGroupStateException alreadyGoing) {
                LOG.info("Replication group {} is already gone or being deleted", spec.replicationGroupId());
            }
            return null;
        });
    }

    private void promote(String replica) {
        call("promote " + replica + " in " + spec.replicationGroupId(), () -> {
            try {
                elastiCache.modifyReplicationGroup(request -> request.replicationGroupId(spec.replicationGroupId())
                        .primaryClusterId(replica).applyImmediately(true));
                LOG.warn("Promoting replica {} to primary of {}", replica, spec.replicationGroupId());
            } catch (InvalidReplicationGroupStateException alreadyModifying) {
                LOG.info("Replication group {} is already being modified: waiting for it", spec.replicationGroupId());
            }
            return null;
        });
    }

    private void awaitDeletion(Instant started) {
        poll(started, "deletion of " + spec.replicationGroupId(), () -> {
            ClusterAssessment now = assess();
            return now.exists() ? null : now;
        });
    }

    private ClusterAssessment awaitHealthy(Instant started, ClusterAssessment.Action action) {
        return poll(started, spec.replicationGroupId() + " to serve after " + action, () -> {
            ClusterAssessment now = assess();
            if (now.healthy()) {
                return now;
            }
            if (action != ClusterAssessment.Action.NONE && now.action() == ClusterAssessment.Action.CREATE) {
                throw new CacheClusterNotReady("Replication group " + spec.replicationGroupId() + " disappeared while waiting for it");
            }
            return null;
        });
    }

    private interface Probe {
        ClusterAssessment look();
    }

    private ClusterAssessment poll(Instant started, String what, Probe probe) {
        Duration interval = waiting.firstPoll();
        while (true) {
            ClusterAssessment done = probe.look();
            if (done != null) {
                return done;
            }
            Duration remaining = waiting.maxWait().minus(Duration.between(started, clock.instant()));
            if (remaining.isNegative() || remaining.isZero()) {
                ClusterAssessment seen = assess();
                throw new CacheClusterNotReady("Waited " + waiting.maxWait().toSeconds() + " s for " + what
                        + "; it is now " + seen.describe() + " (call again to keep waiting)");
            }
            try {
                sleeper.sleep(interval.compareTo(remaining) < 0 ? interval : remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CacheClusterNotReady("Interrupted while waiting for " + what);
            }
            interval = interval.multipliedBy(2).compareTo(waiting.maxPoll()) > 0 ? waiting.maxPoll() : interval.multipliedBy(2);
        }
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (RecoveryException e) {
            throw e;
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new ElastiCacheUnavailable("ElastiCache could not " + what + ": " + e.awsErrorDetails().errorMessage(), e);
            }
            throw new ElastiCacheRequestRejected("ElastiCache refused to " + what + ": "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode() + " " + e.awsErrorDetails().errorMessage()), e);
        } catch (SdkException e) {
            throw new ElastiCacheUnavailable("ElastiCache could not " + what + ": " + e.getMessage(), e);
        }
    }
}
