package exchange.recovery.health;

/** The health of one target, with what was observed. */
public record HealthCheckResult(String type, String target, boolean healthy, String detail) {
}
