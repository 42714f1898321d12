package exchange.recovery.local.scenarios;

import exchange.recovery.local.exchange.ExchangeAlarm;

/** The exchange's alarms more than one scenario raises (each a route of config/routing.json). */
public final class Alarms {

    private Alarms() {
    }

    public static final ExchangeAlarm DATABASE_PRIMARY_UNAVAILABLE = new ExchangeAlarm("exchange-db-primary-unavailable",
            "AWS/RDS", "DatabaseConnections", "LessThanThreshold", 1, "The exchange's RDS primary accepts no connections");

    public static final String DATABASE_PRIMARY_UNAVAILABLE_REASON =
            "Threshold Crossed: 3 out of the last 3 datapoints [0.0] were less than the threshold (1.0).";

    public static final ExchangeAlarm INTEGRITY_CHECK_FAILED = new ExchangeAlarm("exchange-db-integrity-check-failed",
            "Exchange/Integrity", "FailedChecks", "GreaterThanOrEqualToThreshold", 1,
            "The continuous integrity monitor found a failing check");

    public static final String INTEGRITY_CHECK_FAILED_REASON =
            "Threshold Crossed: 1 datapoint [2.0] was greater than or equal to the threshold (1.0).";
}
