package exchange.recovery.health;

import java.time.Instant;
import java.util.List;

/** A tier is healthy when every target it depends on is. */
public record TierHealth(String tier, boolean healthy, List<HealthCheckResult> checks, Instant checkedAt) {
}
