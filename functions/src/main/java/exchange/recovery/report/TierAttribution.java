package exchange.recovery.report;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Tier;

/**
 * Which of the seed's tiers a step belongs to. In order of trust: a literal {@code tier} the step passes
 * to its task (e.g. {@code "Payload": {"tier": "database"}}), the name of the state machine it runs in
 * (a tier's own nested plan), then the state's name ({@code RecoverDatabase}, {@code GateWallet}).
 * A step that names no tier is a plan-level step. Steps of an execution whose input names a tier (the
 * plan's tier-recovery executions) belong to that tier unless their task names another.
 */
public final class TierAttribution {

    /** Words in names, most specific first, so that "MatchingEngineFailover" is the engine's, not the database's. */
    private static final List<Map.Entry<String, Tier>> WORDS = List.of(
            Map.entry("depositswithdrawals", Tier.DEPOSITS_WITHDRAWALS),
            Map.entry("withdrawal", Tier.DEPOSITS_WITHDRAWALS),
            Map.entry("deposit", Tier.DEPOSITS_WITHDRAWALS),
            Map.entry("marketdata", Tier.MARKET_DATA),
            Map.entry("websocket", Tier.MARKET_DATA),
            Map.entry("tradingapi", Tier.TRADING_API),
            Map.entry("matchingengine", Tier.MATCHING_ENGINE),
            Map.entry("engine", Tier.MATCHING_ENGINE),
            Map.entry("wallet", Tier.WALLET),
            Map.entry("database", Tier.DATABASE),
            Map.entry("datastore", Tier.DATABASE),
            Map.entry("rds", Tier.DATABASE),
            Map.entry("pointintime", Tier.DATABASE));

    private TierAttribution() {
    }

    public static Optional<Tier> of(JsonNode taskParameters, String machineName, String stateName) {
        return of(taskParameters, null, machineName, stateName);
    }

    /**
     * @param executionTier the tier the execution runs for (its input's {@code tier}: the plan runs one
     *                      tier-recovery execution per tier), or null
     */
    public static Optional<Tier> of(JsonNode taskParameters, String executionTier, String machineName, String stateName) {
        return literal(taskParameters, 0)
                .or(() -> Tier.find(executionTier))
                .or(() -> fromName(machineName))
                .or(() -> fromName(stateName));
    }

    /** The tier an execution's input names at its top level ({@code {"tier": "database", ...}}), if any. */
    public static Optional<Tier> ofInput(JsonNode input) {
        if (input == null || !input.isObject() || !input.path("tier").isTextual()) {
            return Optional.empty();
        }
        return Tier.find(input.get("tier").asText());
    }

    /** The tier a name speaks of, if any. */
    public static Optional<Tier> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String words = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        for (Map.Entry<String, Tier> word : WORDS) {
            if (words.contains(word.getKey())) {
                return Optional.of(word.getValue());
            }
        }
        return Optional.empty();
    }

    /** A {@code tier} field holding a tier id, at most a few levels down (the Lambda {@code Payload}). */
    private static Optional<Tier> literal(JsonNode node, int depth) {
        if (node == null || !node.isObject() || depth > 3) {
            return Optional.empty();
        }
        JsonNode tier = node.get("tier");
        if (tier != null && tier.isTextual()) {
            Optional<Tier> found = Tier.find(tier.asText());
            if (found.isPresent()) {
                return found;
            }
        }
        for (Iterator<JsonNode> values = node.elements(); values.hasNext(); ) {
            Optional<Tier> inner = literal(values.next(), depth + 1);
            if (inner.isPresent()) {
                return inner;
            }
        }
        return Optional.empty();
    }
}
