package exchange.recovery.health;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;
import exchange.recovery.core.Tier;

/** Which targets each tier depends on, as deployed (template parameters rendered to JSON). */
public record HealthTargets(Map<String, List<HealthTarget>> byTier) {

    private static final List<String> TYPES = List.of("ecs-service", "target-group", "rds-instance", "cache-replication-group");

    public static HealthTargets parse(String json) {
        Map<String, List<HealthTarget>> parsed;
        try {
            parsed = Json.MAPPER.readValue(json, new TypeReference<Map<String, List<HealthTarget>>>() { });
        } catch (Exception e) {
            throw new InvalidInput("Health targets are not valid JSON: " + e.getMessage());
        }
        parsed.forEach((tier, targets) -> {
            Tier.of(tier);
            for (HealthTarget target : targets) {
                if (!TYPES.contains(target.type())) {
                    throw new InvalidInput("Unknown health target type '" + target.type() + "' for tier " + tier
                            + "; known: " + TYPES);
                }
                if (target.name() == null || target.name().isBlank()) {
                    throw new InvalidInput("A " + target.type() + " health target of tier " + tier + " has no name");
                }
            }
        });
        return new HealthTargets(Map.copyOf(parsed));
    }

    public List<HealthTarget> of(Tier tier) {
        return byTier.getOrDefault(tier.id(), List.of());
    }
}
