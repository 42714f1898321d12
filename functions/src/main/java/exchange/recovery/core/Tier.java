package exchange.recovery.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The platform's tiers in the seed's recovery order, each with its recovery time objective.
 * The seed states objectives in words; {@link #rtoBudget()} is the bound we measure against.
 */
public enum Tier {
    DATABASE(1, "database", "Core data stores (RDS, durable state, caches)", "minutes to hours", Duration.ofHours(4)),
    WALLET(2, "wallet", "Wallet service", "minutes", Duration.ofMinutes(30)),
    MATCHING_ENGINE(3, "matching-engine", "Matching engine", "seconds to minutes", Duration.ofMinutes(5)),
    TRADING_API(4, "trading-api", "Trading APIs (ALB + ECS/EKS)", "near-zero", Duration.ofMinutes(1)),
    MARKET_DATA(5, "market-data", "Market data and WebSocket services", "seconds", Duration.ofMinutes(1)),
    DEPOSITS_WITHDRAWALS(6, "deposits-withdrawals", "Deposits and withdrawals", "variable", Duration.ofHours(24));

    private final int order;
    private final String id;
    private final String title;
    private final String rtoObjective;
    private final Duration rtoBudget;

    Tier(int order, String id, String title, String rtoObjective, Duration rtoBudget) {
        this.order = order;
        this.id = id;
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

    public static Tier of(String id) {
        return find(id).orElseThrow(() -> new InvalidInput("Unknown tier '" + id + "'; known tiers: "
                + Arrays.stream(values()).map(Tier::id).toList()));
    }
}
