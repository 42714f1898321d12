package exchange.recovery.integrity;

import java.util.Map;

/**
 * What the trading-correctness checks share: which orders rest on the book, and the rule that a check which
 * examined nothing fails. An exchange about to reopen trading with no order, trade or journal event at all has
 * lost its data, and a check over empty tables must not read as a clean bill.
 */
final class TradingChecks {

    /** Orders that rest on the book and reserve funds. */
    static final String OPEN = "status IN ('OPEN', 'PARTIALLY_FILLED')";

    private TradingChecks() {
    }

    static CheckResult nothingExamined(String name, String what, Map<String, Object> evidence) {
        return CheckResult.failed(name, "Examined 0 rows: " + what + " — nothing to validate, which a live exchange never is",
                evidence);
    }
}
