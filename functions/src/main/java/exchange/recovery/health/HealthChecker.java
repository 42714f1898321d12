package exchange.recovery.health;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Tier;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * Reads the health of a tier's targets from the AWS control plane: ECS services at their desired
 * count, load balancer targets healthy, RDS instances and cache replication groups available.
 * A missing target is unhealthy, not an error; an unreachable API is a transient failure.
 */
public class HealthChecker {

    private final AwsClients aws;
    private final HealthTargets targets;
    private final Clock clock;

    public HealthChecker(AwsClients aws, HealthTargets targets, Clock clock) {
        this.aws = aws;
        this.targets = targets;
        this.clock = clock;
    }

    public TierHealth check(Tier tier) {
        List<HealthCheckResult> results = new ArrayList<>();
        for (HealthTarget target : targets.of(tier)) {
            try {
                results.add(check(target));
            } catch (SdkException e) {
                throw new TransientFailure("Could not read the health of " + target.type() + " " + target.name(), e);
            }
        }
        boolean healthy = results.stream().allMatch(HealthCheckResult::healthy);
        return new TierHealth(tier.id(), healthy, List.copyOf(results), clock.instant());
    }

    private HealthCheckResult check(HealthTarget target) {
        return switch (target.type()) {
            case "ecs-service" -> ecsService(target);
            case "target-group" -> targetGroup(target);
            case "rds-instance" -> rdsInstance(target);
            case "cache-replication-group" -> replicationGroup(target);
            default -> throw new IllegalStateException("unvalidated target type " + target.type());
        };
    }

    private HealthCheckResult ecsService(HealthTarget target) {
        List<Service> services = aws.ecs().describeServices(b -> b.cluster(target.cluster()).services(target.name())).services();
        if (services.isEmpty()) {
            return new HealthCheckResult(target.type(), target.name(), false, "service not found in " + target.cluster());
        }
        Service service = services.get(0);
        boolean healthy = "ACTIVE".equals(service.status()) && service.desiredCount() > 0
                && service.runningCount() >= service.desiredCount();
        return new HealthCheckResult(target.type(), target.name(), healthy,
                service.runningCount() + "/" + service.desiredCount() + " tasks running, status " + service.status());
    }

    private HealthCheckResult targetGroup(HealthTarget target) {
        List<TargetHealthDescription> descriptions = aws.loadBalancing()
                .describeTargetHealth(b -> b.targetGroupArn(target.name())).targetHealthDescriptions();
        long healthy = descriptions.stream()
                .filter(d -> d.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count();
        return new HealthCheckResult(target.type(), target.name(), healthy > 0,
                healthy + "/" + descriptions.size() + " targets healthy");
    }

    private HealthCheckResult rdsInstance(HealthTarget target) {
        try {
            var instance = aws.rds().describeDBInstances(b -> b.dbInstanceIdentifier(target.name())).dbInstances().get(0);
            return new HealthCheckResult(target.type(), target.name(), "available".equals(instance.dbInstanceStatus()),
                    "status " + instance.dbInstanceStatus() + (Boolean.TRUE.equals(instance.multiAZ()) ? ", Multi-AZ" : ", single-AZ"));
        } catch (DbInstanceNotFoundException e) {
            return new HealthCheckResult(target.type(), target.name(), false, "instance not found");
        }
    }

    private HealthCheckResult replicationGroup(HealthTarget target) {
        try {
            var group = aws.elastiCache().describeReplicationGroups(b -> b.replicationGroupId(target.name()))
                    .replicationGroups().get(0);
            return new HealthCheckResult(target.type(), target.name(), "available".equals(group.status()),
                    "status " + group.status());
        } catch (ReplicationGroupNotFoundException e) {
            return new HealthCheckResult(target.type(), target.name(), false, "replication group not found");
        }
    }
}
