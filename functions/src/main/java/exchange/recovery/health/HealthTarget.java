package exchange.recovery.health;

/**
 * One thing whose health a tier depends on. {@code type} is one of {@code ecs-service} (cluster,
 * name), {@code target-group} (name = target group ARN), {@code rds-instance} (name = instance id)
 * or {@code cache-replication-group} (name = replication group id).
 */
public record HealthTarget(String type, String cluster, String name) {
}
