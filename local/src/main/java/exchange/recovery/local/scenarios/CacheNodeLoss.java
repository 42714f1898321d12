package exchange.recovery.local.scenarios;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.LocalRedis;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.scenarios.Expect;
import exchange.recovery.local.scenarios.Expectation;
import exchange.recovery.local.scenarios.FaultContext;
import exchange.recovery.local.stack.Need;
import exchange.recovery.local.scenarios.Scenario;

/**
 * The seed's "cache node loss": the Redis node dies and its replacement comes up empty. The plan rebuilds
 * the caches (balances, open orders, order books) from PostgreSQL into a fresh keyspace version, verifies
 * them and switches readers at once, for tier 1 and again for market data.
 */
public final class CacheNodeLoss implements Scenario {

    static final String ALARM = "exchange-redis-primary-node-lost";

    @Override
    public String name() {
        return "cache-node-loss";
    }

    @Override
    public String failure() {
        return "the Redis node dies and comes back empty; the cache's node-lost alarm fires";
    }

    @Override
    public String expectedOutcome() {
        return "the caches are rebuilt from PostgreSQL, verified and switched for tiers 1 and 5; "
                + "withdrawals resume after reconciliation and two approvals";
    }

    @Override
    public List<Tier> tiers() {
        return List.of(Tier.DATABASE, Tier.MARKET_DATA);
    }

    @Override
    public Set<Need> needs() {
        return EnumSet.of(Need.POSTGRES, Need.REDIS);
    }

    @Override
    public List<ExchangeAlarm> alarms() {
        return List.of(new ExchangeAlarm(ALARM, "AWS/ElastiCache", "EngineCPUUtilization", "LessThanThreshold", 0,
                "The primary Redis node of the exchange caches stops reporting"));
    }

    @Override
    public List<String> approvers() {
        return List.of("alice", "bob");
    }

    @Override
    public void inject(FaultContext fault) {
        LocalRedis redis = fault.redis();
        redis.kill();
        redis.restart();
        fault.note("redis-server on port " + redis.port() + " killed and restarted empty (the replacement node)");
        fault.fireAlarm(ALARM, "Threshold Crossed: no datapoint for 2 periods (treated as breaching).");
    }

    @Override
    public List<Expectation> expectations() {
        return List.of(
                Expect.triggeredBy(ALARM),
                Expect.scope(Tier.DATABASE, Tier.MARKET_DATA),
                Expect.tier(Tier.DATABASE, "RECOVER", "RECOVERED"),
                Expect.tier(Tier.MARKET_DATA, "RECOVER", "RECOVERED"),
                Expect.othersVerified(Tier.DATABASE, Tier.MARKET_DATA, Tier.DEPOSITS_WITHDRAWALS),
                Expect.tier(Tier.DEPOSITS_WITHDRAWALS, "RECOVER", "RECOVERED"),
                Expect.approvedBy("alice", "bob"),
                Expect.recovered());
    }
}
