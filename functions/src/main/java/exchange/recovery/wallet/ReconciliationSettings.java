package exchange.recovery.wallet;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;

/**
 * What a wallet reconciliation compares against: each asset's hot-wallet address on chain, the
 * tolerance allowed per asset (network fees in flight, dust; zero when not given), and how many
 * offending accounts a report lists.
 */
public record ReconciliationSettings(Map<String, String> hotWalletAddresses, Map<String, BigDecimal> tolerances,
                                     int offenderLimit) {

    public static final String ADDRESSES = "HOT_WALLET_ADDRESSES";
    public static final String TOLERANCES = "RECONCILIATION_TOLERANCES";
    public static final String OFFENDER_LIMIT = "RECONCILIATION_OFFENDER_LIMIT";

    public ReconciliationSettings {
        hotWalletAddresses = Map.copyOf(hotWalletAddresses);
        tolerances = Map.copyOf(tolerances);
        tolerances.forEach((asset, tolerance) -> {
            if (tolerance.signum() < 0) {
                throw new ConfigurationMissing(TOLERANCES + " (" + asset + " tolerance is negative)");
            }
        });
        if (offenderLimit < 1 || offenderLimit > 1000) {
            throw new ConfigurationMissing(OFFENDER_LIMIT + " (between 1 and 1000)");
        }
    }

    public static ReconciliationSettings fromEnv(Env env) {
        Map<String, String> addresses = new HashMap<>();
        object(env.require(ADDRESSES), ADDRESSES).properties().forEach(entry -> addresses.put(entry.getKey(), entry.getValue().asText()));
        Map<String, BigDecimal> tolerances = new HashMap<>();
        object(env.get(TOLERANCES, "{}"), TOLERANCES).properties().forEach(entry ->
                tolerances.put(entry.getKey(), new BigDecimal(entry.getValue().asText())));
        return new ReconciliationSettings(addresses, tolerances, env.getInt(OFFENDER_LIMIT, 20));
    }

    public BigDecimal toleranceFor(String asset) {
        return tolerances.getOrDefault(asset, BigDecimal.ZERO);
    }

    private static JsonNode object(String json, String name) {
        try {
            JsonNode node = Json.read(json);
            if (!node.isObject()) {
                throw new ConfigurationMissing(name + " (a JSON object keyed by asset)");
            }
            return node;
        } catch (InvalidInput e) {
            throw new ConfigurationMissing(name + " (not valid JSON)");
        }
    }
}
