package exchange.recovery.wallet;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;

/**
 * A provider with fixed balances, for local runs, drills and tests: {@code {"BTC": {"<address>": "12.5"}}}.
 * An address it was not given holds nothing, as an unused address on a real chain.
 */
public final class StaticBlockchainProvider implements BlockchainProvider {

    public static final String VARIABLE = "STATIC_CHAIN_BALANCES";

    private final Map<String, Map<String, BigDecimal>> balances;

    public StaticBlockchainProvider(Map<String, Map<String, BigDecimal>> balances) {
        Map<String, Map<String, BigDecimal>> copy = new HashMap<>();
        balances.forEach((asset, byAddress) -> copy.put(asset, Map.copyOf(byAddress)));
        this.balances = Map.copyOf(copy);
    }

    public static StaticBlockchainProvider parse(String json) {
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (InvalidInput e) {
            throw new ConfigurationMissing(VARIABLE + " (not valid JSON)");
        }
        Map<String, Map<String, BigDecimal>> balances = new HashMap<>();
        root.properties().forEach(asset -> {
            Map<String, BigDecimal> byAddress = new HashMap<>();
            asset.getValue().properties().forEach(address -> byAddress.put(address.getKey(), new BigDecimal(address.getValue().asText())));
            balances.put(asset.getKey(), byAddress);
        });
        return new StaticBlockchainProvider(balances);
    }

    @Override
    public String name() {
        return "static";
    }

    @Override
    public BigDecimal balanceOf(String asset, String address) {
        return balances.getOrDefault(asset, Map.of()).getOrDefault(address, BigDecimal.ZERO);
    }
}
