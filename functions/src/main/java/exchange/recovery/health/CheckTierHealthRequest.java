package exchange.recovery.health;

/** Which tier's health to read, for which incident. */
public record CheckTierHealthRequest(String incidentId, String tier) {
}
