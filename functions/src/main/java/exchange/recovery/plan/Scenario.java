package exchange.recovery.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import exchange.recovery.core.Published;

/** The failures the recovery architecture covers; a plan chooses each tier's procedure by scenario. */
@Published("The scenarios a plan input may name; the routing table maps alarms to them.")
public enum Scenario {
    /** A compute instance or task fails (API layer), or a database instance does. */
    INSTANCE_FAILURE("instance-failure"),
    /** An Availability Zone is degraded or lost: every tier is affected. */
    AZ_OUTAGE("az-outage"),
    /** The primary matching engine fails; the standby is promoted. */
    ENGINE_FAILURE("engine-failure"),
    /** The wallet service (single writer) fails; the standby is promoted. */
    APPLICATION_FAILURE("application-failure"),
    /** The RDS primary fails: Multi-AZ failover. */
    DATABASE_INSTANCE_FAILURE("database-instance-failure"),
    /** Data is corrupted: point-in-time restore. */
    DATA_CORRUPTION("data-corruption"),
    /** Data is deleted by mistake: point-in-time restore. */
    ACCIDENTAL_DELETION("accidental-deletion"),
    /** A Redis cache node is lost: rebuild from the source of truth. */
    CACHE_NODE_LOSS("cache-node-loss"),
    /** A market data processor or WebSocket gateway node fails. */
    NODE_FAILURE("node-failure"),
    /** Transient network issues degrade market data delivery. */
    NETWORK_DEGRADATION("network-degradation"),
    /** A blockchain node or RPC provider is down. */
    PROVIDER_OUTAGE("provider-outage"),
    /** Blockchain congestion or a reorg. */
    CHAIN_INSTABILITY("chain-instability");

    private final String id;

    Scenario(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Scenarios whose recovery restores data to a point in time. */
    public boolean restoresData() {
        return this == DATA_CORRUPTION || this == ACCIDENTAL_DELETION;
    }

    public static Optional<Scenario> find(String id) {
        return Arrays.stream(values()).filter(scenario -> scenario.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Scenario::id).toList();
    }
}
