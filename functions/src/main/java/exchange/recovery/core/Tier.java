package exchange.recovery.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The platform's tiers in the seed's recovery order, each with its recovery time objective.
 * The seed states objectives in words; {@link #rtoBudget()} is the bound we measure against.
 */
public enum Tier {
    DATABASE(1, "database", "db", "Core data stores (RDS, durable state, caches)", "minutes to hours", Duration.ofHours(4)),
    WALLET(2, "wallet", "wal", "Wallet service", "minutes", Duration.ofMinutes(30)),
    MATCHING_ENGINE(3, "matching-engine", "eng", "Matching engine", "seconds to minutes", Duration.ofMinutes(5)),
    TRADING_API(4, "trading-api", "api", "Trading APIs (ALB + ECS/EKS)", "near-zero", Duration.ofMinutes(1)),
    MARKET_DATA(5, "market-data", "mkt", "Market data and WebSocket services", "seconds", Duration.ofMinutes(1)),
    DEPOSITS_WITHDRAWALS(6, "deposits-withdrawals", "dw", "Deposits and withdrawals", "variable", Duration.ofHours(24));

    private final int order;
    private final String id;
    private final String code;
    private final String title;
    private final String rtoObjective;
    private final Duration rtoBudget;

    Tier(int order, String id, String code, String title, String rtoObjective, Duration rtoBudget) {
        this.order = order;
        this.id = id;
        this.code = code;
        this.title = title;
        this.rtoObjective = rtoObjective;
        this.rtoBudget = rtoBudget;
    }

    public int order() {
        return order;
    }

    public String id() {
        return id;
    }

    /** A short code for names with a length limit, such as execution names (e.g. {@code eng}). */
    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** The objective as the seed words it. */
    public String rtoObjective() {
        return rtoObjective;
    }

    public Duration rtoBudget() {
        return rtoBudget;
    }

    public static Optional<Tier> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(tier -> tier.id.equals(wanted)).findFirst();
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

    public static Tier of(String id) {
        return find(id).orElseThrow(() -> new InvalidInput("Unknown tier '" + id + "'; known tiers: "
                + Arrays.stream(values()).map(Tier::id).toList()));
    }
}
