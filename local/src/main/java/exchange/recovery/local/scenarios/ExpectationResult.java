package exchange.recovery.local.scenarios;

/** Whether one expectation held, and what the report showed instead when it did not. */
public record ExpectationResult(String expectation, boolean met, String observed) {
}
