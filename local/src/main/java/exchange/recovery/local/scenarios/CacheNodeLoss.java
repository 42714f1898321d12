package exchange.recovery.local.scenarios;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.exchange.LocalRedis;
import exchange.recovery.local.stack.Need;

/**
 * The seed's "cache node loss": the Redis node dies and its replacement comes up empty. The plan rebuilds
 * the caches (balances, open orders, order books) from PostgreSQL into a fresh keyspace version, verifies
 * them and switches readers at once, for tier 1 and again for market data.
 */
final class CacheNodeLoss {

    static final ExchangeAlarm ALARM = new ExchangeAlarm("exchange-redis-primary-node-lost", "AWS/ElastiCache",
            "EngineCPUUtilization", "LessThanThreshold", 0, "The primary Redis node of the exchange caches stops reporting");

    static final Scenario SCENARIO = Scenario.named("cache-node-loss")
            .fails("the Redis node dies and comes back empty; the cache's node-lost alarm fires")
            .expects("the caches are rebuilt from PostgreSQL, verified and switched for tiers 1 and 5; "
                    + "withdrawals resume after reconciliation and two approvals")
            .tiers(Tier.DATABASE, Tier.MARKET_DATA)
            .needs(Need.POSTGRES, Need.REDIS)
            .alarms(ALARM)
            .approvers("alice", "bob")
            .fault(((Fault) context -> {
                LocalRedis redis = context.redis();
                redis.kill();
                redis.restart();
                context.note("redis-server on port " + redis.port() + " killed and restarted empty (the replacement node)");
            }).then(Faults.alarm(ALARM, "Threshold Crossed: no datapoint for 2 periods (treated as breaching).")))
            .reportShows(
                    Expect.triggeredBy(ALARM.name()),
                    Expect.scope(Tier.DATABASE, Tier.MARKET_DATA),
                    Expect.tier(Tier.DATABASE, "RECOVER", "RECOVERED"),
                    Expect.tier(Tier.MARKET_DATA, "RECOVER", "RECOVERED"),
                    Expect.othersVerified(Tier.DATABASE, Tier.MARKET_DATA, Tier.DEPOSITS_WITHDRAWALS),
                    Expect.tier(Tier.DEPOSITS_WITHDRAWALS, "RECOVER", "RECOVERED"),
                    Expect.approvedBy("alice", "bob"),
                    Expect.recovered())
            .build();

    private CacheNodeLoss() {
    }
}
