package exchange.recovery.cache;

/** Input of the control-plane step: the incident it serves (tagged on anything it creates). */
public record EnsureCacheClusterRequest(String incidentId) {
}
