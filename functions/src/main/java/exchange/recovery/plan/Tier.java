package exchange.recovery.plan;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The platform's tiers in the recovery architecture's dependency order: core data stores first,
 * deposits and withdrawals last. The ids are the ones plan inputs and the routing table use.
 */
public enum Tier {
    DATABASE("database", "db"),
    WALLET("wallet", "wal"),
    MATCHING_ENGINE("matching-engine", "eng"),
    TRADING_API("trading-api", "api"),
    MARKET_DATA("market-data", "mkt"),
    DEPOSITS_WITHDRAWALS("deposits-withdrawals", "dw");

    private final String id;
    private final String code;

    Tier(String id, String code) {
        this.id = id;
        this.code = code;
    }

    /** The id used in inputs, schemas and the routing table (e.g. {@code matching-engine}). */
    public String id() {
        return id;
    }

    /** A short code for names with a length limit, such as execution names (e.g. {@code eng}). */
    public String code() {
        return code;
    }

    public static Optional<Tier> find(String id) {
        return Arrays.stream(values()).filter(tier -> tier.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Tier::id).toList();
    }

    /**
     * The given tier ids without duplicates, in dependency order. An unknown id is an
     * {@link IllegalArgumentException}: inputs are validated before they get here.
     */
    public static List<Tier> inOrder(Collection<String> ids) {
        List<String> unknown = ids.stream().filter(id -> find(id).isEmpty()).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown tier(s) " + unknown + "; known tiers: " + ids());
        }
        return Arrays.stream(values()).filter(tier -> ids.contains(tier.id)).toList();
    }
}
