package exchange.recovery.local.exchange;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the exchange stands before the incident, where a scenario needs it to differ from a healthy one:
 * what the hot wallet holds on chain (by default exactly what the ledger says it owes) and any template
 * parameter. Applied before the stack is deployed.
 */
public final class ExchangeSetup {

    private final Map<String, BigDecimal> onChainAdjustments = new LinkedHashMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, String> functionVariables = new LinkedHashMap<>();

    /** Moves the hot wallet's balance on chain away from what the ledger says, by {@code delta} of the asset. */
    public ExchangeSetup onChainDifference(String asset, BigDecimal delta) {
        onChainAdjustments.merge(asset, delta, BigDecimal::add);
        return this;
    }

    /** Sets a template parameter (it wins over the drill's own value). */
    public ExchangeSetup parameter(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    /**
     * Sets a variable every function gets on top of the drill's own (it wins over them): a test's fault seam,
     * e.g. {@code AWS_ENDPOINT_URL} pointing the functions at a proxy in front of the emulator.
     */
    public ExchangeSetup functionVariable(String name, String value) {
        functionVariables.put(name, value);
        return this;
    }

    public Map<String, BigDecimal> onChainAdjustments() {
        return Map.copyOf(onChainAdjustments);
    }

    public Map<String, String> parameters() {
        return Map.copyOf(parameters);
    }

    public Map<String, String> functionVariables() {
        return Map.copyOf(functionVariables);
    }
}
