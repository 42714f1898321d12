package exchange.recovery.local.scenarios;

import exchange.recovery.core.Tier;
import exchange.recovery.local.exchange.ExchangeAlarm;

/**
 * The seed's "API layer: instance failure": one trading API instance stops; the load balancer stops
 * routing to it and its unhealthy-hosts alarm fires. Nothing needs restoring (the other zones keep
 * serving, the group replaces the instance): the plan verifies every tier in order, and the trading API's
 * gate sees two of its three targets healthy.
 */
final class ApiInstanceFailure {

    static final String ZONE = "use1-az1";
    static final ExchangeAlarm ALARM = new ExchangeAlarm("exchange-trading-api-" + ZONE + "-unhealthy-hosts",
            "AWS/ApplicationELB", "UnHealthyHostCount", "GreaterThanOrEqualToThreshold", 1, "Unhealthy trading API targets in " + ZONE);

    static final Scenario SCENARIO = Scenario.named("api-instance-failure")
            .fails("the trading API instance in " + ZONE + " stops; the load balancer's unhealthy-hosts alarm fires")
            .expects("every tier verified in order; the trading API's gate reads 2 of 3 targets healthy (it serves from two zones)")
            .tiers(Tier.TRADING_API)
            .alarms(ALARM)
            .fault(Faults.stopTradingApiInstance(ZONE).then(Faults.alarm(ALARM,
                    "Threshold Crossed: 1 out of the last 1 datapoints [1.0] was greater than or equal to the threshold (1.0).")))
            .reportShows(
                    Expect.triggeredBy(ALARM.name()),
                    Expect.scope(Tier.TRADING_API),
                    Expect.othersVerified(),
                    Expect.healthCheck(Tier.TRADING_API, "target-group", true, "2/3 targets healthy"),
                    Expect.integrityCheck(Tier.DATABASE, "ledger-balanced", true),
                    Expect.planStatus("SUCCEEDED"),
                    Expect.notified("Recovery started"),
                    Expect.notified("Recovery completed"),
                    Expect.recovered())
            .build();

    private ApiInstanceFailure() {
    }
}
