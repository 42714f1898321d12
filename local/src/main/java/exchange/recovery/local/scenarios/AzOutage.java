package exchange.recovery.local.scenarios;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.exchange.LocalExchange;

/**
 * The seed's "AZ outage": use1-az1 degrades; everything running there fails at once. Every tier is in
 * scope: withdrawals pause, the database fails over to its standby in another zone, the tiers that heal
 * themselves (standbys, ECS, the load balancer) are verified by their gates in the seed's order, and
 * withdrawals resume after reconciliation and two approvals.
 */
final class AzOutage {

    static final String ZONE = "use1-az1";
    static final ExchangeAlarm ALARM = new ExchangeAlarm("exchange-az-" + ZONE + "-degraded", "Exchange/Zones",
            "ZoneHealthyHostRatio", "LessThanThreshold", 0.5, "Share of healthy hosts in " + ZONE);

    static final Scenario SCENARIO = Scenario.named("az-outage")
            .fails("Availability Zone " + ZONE + " degrades: the trading API instance there stops, the RDS primary there fails")
            .expects("every tier in order: database failover, the others verified by their gates (the API serves from two zones), "
                    + "withdrawals resume after reconciliation and two approvals")
            .tiers(Tier.values())
            .alarms(ALARM)
            .approvers("alice", "bob")
            .fault(Faults.stopTradingApiInstance(ZONE)
                    .then(Faults.note("RDS primary " + LocalExchange.DATABASE_INSTANCE + " in " + ZONE + " stops answering"))
                    .then(Faults.alarm(ALARM, "Threshold Crossed: 2 out of the last 2 datapoints [0.0, 0.1] were less than the threshold (0.5).")))
            .reportShows(
                    Expect.triggeredBy(ALARM.name()),
                    Expect.scope(Tier.values()),
                    Expect.tier(Tier.DATABASE, "RECOVER", "RECOVERED"),
                    // the wallet, engine, API and market data recover on their own (standbys, ECS, the load balancer):
                    // the plan verifies them with their gates
                    Expect.othersVerified(Tier.DATABASE, Tier.DEPOSITS_WITHDRAWALS),
                    Expect.tier(Tier.DEPOSITS_WITHDRAWALS, "RECOVER", "RECOVERED"),
                    Expect.integrityCheck(Tier.DATABASE, "balances-match-ledger", true),
                    Expect.integrityCheck(Tier.MATCHING_ENGINE, "journal-contiguous", true),
                    Expect.healthCheck(Tier.TRADING_API, "target-group", true, "2/3 targets healthy"),
                    Expect.approvedBy("alice", "bob"),
                    Expect.notified("Withdrawals resumed"),
                    Expect.recovered())
            .build();

    private AzOutage() {
    }
}
