package exchange.recovery.cache;

import java.util.List;

/** Result of ensuring the cache cluster: what was done, and the group as it now is. */
public record ClusterState(String incidentId, String replicationGroupId, String action, String status,
                           String primaryClusterId, String primaryEndpoint, Integer port,
                           List<ClusterAssessment.Member> members, long waitedMillis) {
}
