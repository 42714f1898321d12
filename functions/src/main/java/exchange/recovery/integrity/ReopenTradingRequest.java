package exchange.recovery.integrity;

/**
 * The trading-API tier's request to reopen trading after its gate passed.
 *
 * @param incidentId the incident whose trading halt is lifted (required; it names the hold)
 * @param tier must be {@code trading-api}: the one tier that reopens trading
 * @param database the database the checks read, as in {@link IntegrityCheckRequest}; the primary when left out
 */
public record ReopenTradingRequest(String incidentId, String tier, String database) {
}
