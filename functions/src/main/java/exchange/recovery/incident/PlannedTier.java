package exchange.recovery.incident;

/** One tier as the plan will run it: recovered when in the incident's scope, verified otherwise. */
public record PlannedTier(String tier, int order, boolean inScope) {
}
