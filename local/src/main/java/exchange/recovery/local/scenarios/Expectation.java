package exchange.recovery.local.scenarios;

/**
 * Something the followed plan's report must show. See {@link Expect} for the ready-made ones on the recovery
 * report, {@link ObjectRestores} for those on an object restore's.
 */
public interface Expectation {

    /** The expectation in words, e.g. "tier trading-api VERIFIED". */
    String description();

    ExpectationResult check(PlanReport report);
}
