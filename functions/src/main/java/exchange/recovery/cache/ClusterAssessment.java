package exchange.recovery.cache;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the control plane sees of the replication group, and what that calls for. Built from
 * DescribeReplicationGroups (status, members and their roles) and DescribeCacheClusters (each member's
 * status); a member that cannot be described is {@code unknown} and is not taken as failed.
 */
public record ClusterAssessment(String replicationGroupId, String status, boolean automaticFailover,
                                List<Member> members, String primaryEndpoint, Integer port) {

    /** Statuses of a healthy cluster (a snapshot does not stop it serving). */
    static final Set<String> SERVING = Set.of("available", "snapshotting");
    /** Statuses a cluster or group passes through on its own and comes back from. */
    static final Set<String> CHANGING = Set.of("creating", "modifying", "rebooting cluster nodes", "rebooting", "restoring");
    static final String UNKNOWN = "unknown";

    /** One cache cluster (node) of the group. */
    public record Member(String clusterId, String role, String status) {
        boolean serving() {
            return SERVING.contains(status);
        }

        boolean failed() {
            return !SERVING.contains(status) && !CHANGING.contains(status) && !UNKNOWN.equals(status);
        }
    }

    /** What to do about it. */
    public enum Action {
        /** Healthy: nothing to do. */
        NONE,
        /** The group does not exist: create it from the configured spec. */
        CREATE,
        /** The primary failed and ElastiCache fails over by itself (automatic failover): wait. */
        AWAIT_AUTOMATIC_FAILOVER,
        /** The primary failed, a replica serves, automatic failover is off: promote that replica. */
        PROMOTE_REPLICA,
        /** Creating, modifying or rebooting: wait for it. */
        AWAIT,
        /** Being deleted: wait until it is gone, then create it. */
        AWAIT_DELETION_THEN_CREATE,
        /** Creation failed, or no node serves: delete the group and create it again. */
        REPLACE
    }

    public static ClusterAssessment missing(String replicationGroupId) {
        return new ClusterAssessment(replicationGroupId, "missing", false, List.of(), null, null);
    }

    public boolean exists() {
        return !"missing".equals(status);
    }

    public Optional<Member> primary() {
        return members.stream().filter(member -> "primary".equals(member.role())).findFirst();
    }

    /** The first serving replica, the one to promote. */
    public Optional<Member> promotionCandidate() {
        return members.stream().filter(member -> !"primary".equals(member.role()) && member.serving()).findFirst();
    }

    public Action action() {
        if (!exists()) {
            return Action.CREATE;
        }
        if ("deleting".equals(status)) {
            return Action.AWAIT_DELETION_THEN_CREATE;
        }
        if ("create-failed".equals(status)) {
            return Action.REPLACE;
        }
        if (!SERVING.contains(status)) {
            return Action.AWAIT;
        }
        Optional<Member> primary = primary();
        if (primary.isPresent() && !primary.get().failed()) {
            return primary.get().serving() || UNKNOWN.equals(primary.get().status()) ? Action.NONE : Action.AWAIT;
        }
        if (promotionCandidate().isEmpty()) {
            return members.stream().anyMatch(member -> CHANGING.contains(member.status())) ? Action.AWAIT : Action.REPLACE;
        }
        return automaticFailover ? Action.AWAIT_AUTOMATIC_FAILOVER : Action.PROMOTE_REPLICA;
    }

    public boolean healthy() {
        return action() == Action.NONE;
    }

    /** One line for logs and errors. */
    public String describe() {
        return replicationGroupId + " " + status + (members.isEmpty() ? "" : " " + members.stream()
                .map(member -> member.clusterId() + "(" + member.role() + ": " + member.status() + ")").toList());
    }
}
