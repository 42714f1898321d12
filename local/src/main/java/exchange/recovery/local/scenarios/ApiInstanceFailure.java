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
 * The seed's "API layer: instance failure": one trading API instance stops; the load balancer stops
 * routing to it and its unhealthy-hosts alarm fires. Nothing needs restoring (the other zones keep
 * serving, the group replaces the instance): the plan verifies every tier in order, and the trading API's
 * gate sees two of its three targets healthy.
 */
public final class ApiInstanceFailure implements Scenario {

    static final String ZONE = "use1-az1";
    static final String ALARM = "exchange-trading-api-" + ZONE + "-unhealthy-hosts";

    @Override
    public String name() {
        return "api-instance-failure";
    }

    @Override
    public String failure() {
        return "the trading API instance in " + ZONE + " stops; the load balancer's unhealthy-hosts alarm fires";
    }

    @Override
    public String expectedOutcome() {
        return "every tier verified in order; the trading API's gate reads 2 of 3 targets healthy (it serves from two zones)";
    }

    @Override
    public List<Tier> tiers() {
        return List.of(Tier.TRADING_API);
    }

    @Override
    public List<ExchangeAlarm> alarms() {
        return List.of(new ExchangeAlarm(ALARM, "AWS/ApplicationELB", "UnHealthyHostCount", "GreaterThanOrEqualToThreshold",
                1, "Unhealthy trading API targets in " + ZONE));
    }

    @Override
    public void inject(FaultContext fault) {
        LocalExchange exchange = fault.exchange();
        String instance = exchange.tradingApiInstance(ZONE);
        exchange.stopInstance(instance);
        fault.note("trading API instance " + instance + " in " + ZONE + " stopped; target health " + exchange.tradingApiTargetHealth());
        fault.fireAlarm(ALARM, "Threshold Crossed: 1 out of the last 1 datapoints [1.0] was greater than or equal to the threshold (1.0).");
    }

    @Override
    public List<Expectation> expectations() {
        return List.of(
                Expect.triggeredBy(ALARM),
                Expect.scope(Tier.TRADING_API),
                Expect.othersVerified(),
                Expect.healthCheck(Tier.TRADING_API, "target-group", true, "2/3 targets healthy"),
                Expect.integrityCheck(Tier.DATABASE, "ledger-balanced", true),
                Expect.planStatus("SUCCEEDED"),
                Expect.notified("Recovery started"),
                Expect.notified("Recovery completed"),
                Expect.recovered());
    }
}
