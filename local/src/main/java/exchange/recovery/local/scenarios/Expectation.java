package exchange.recovery.local.scenarios;

import exchange.recovery.report.RecoveryReport;

/** Something a scenario's recovery report must show. See {@link Expect} for the ready-made ones. */
public interface Expectation {

    /** The expectation in words, e.g. "tier trading-api VERIFIED". */
    String description();

    ExpectationResult check(RecoveryReport report);
}
