package exchange.recovery.local.scenarios;

import java.util.List;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.scenarios.Expect;
import exchange.recovery.local.scenarios.Expectation;
import exchange.recovery.local.scenarios.FaultContext;
import exchange.recovery.local.exchange.LocalExchange;
import exchange.recovery.local.scenarios.Scenario;

/**
 * The seed's "AZ outage": use1-az1 degrades; everything running there fails at once. Every tier is in
 * scope: withdrawals pause, the database fails over to its standby in another zone, the tiers that heal
 * themselves (standbys, ECS, the load balancer) are verified by their gates in the seed's order, and
 * withdrawals resume after reconciliation and two approvals.
 */
public final class AzOutage implements Scenario {

    static final String ZONE = "use1-az1";
    static final String ALARM = "exchange-az-" + ZONE + "-degraded";

    @Override
    public String name() {
        return "az-outage";
    }

    @Override
    public String failure() {
        return "Availability Zone " + ZONE + " degrades: the trading API instance there stops, the RDS primary there fails";
    }

    @Override
    public String expectedOutcome() {
        return "every tier in order: database failover, the others verified by their gates (the API serves from two zones), "
                + "withdrawals resume after reconciliation and two approvals";
    }

    @Override
    public List<Tier> tiers() {
        return List.of(Tier.values());
    }

    @Override
    public List<ExchangeAlarm> alarms() {
        return List.of(new ExchangeAlarm(ALARM, "Exchange/Zones", "ZoneHealthyHostRatio", "LessThanThreshold", 0.5,
                "Share of healthy hosts in " + ZONE));
    }

    @Override
    public List<String> approvers() {
        return List.of("alice", "bob");
    }

    @Override
    public void inject(FaultContext fault) {
        LocalExchange exchange = fault.exchange();
        String instance = exchange.tradingApiInstance(ZONE);
        exchange.stopInstance(instance);
        fault.note("trading API instance " + instance + " in " + ZONE + " stopped; target health " + exchange.tradingApiTargetHealth());
        fault.note("RDS primary " + LocalExchange.DATABASE_INSTANCE + " in " + ZONE + " stops answering");
        fault.fireAlarm(ALARM, "Threshold Crossed: 2 out of the last 2 datapoints [0.0, 0.1] were less than the threshold (0.5).");
    }

    @Override
    public List<Expectation> expectations() {
        return List.of(
                Expect.triggeredBy(ALARM),
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
                Expect.recovered());
    }
}
