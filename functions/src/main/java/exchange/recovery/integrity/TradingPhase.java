package exchange.recovery.integrity;

/**
 * Where trading stands, read from two flags of the shared hold store: {@value TradingReopening#CANCELS} (may
 * customers cancel) and {@value TradingReopening#ORDERS} (may they place). HALTED while cancels are held;
 * CANCEL_ONLY while only new orders are held; OPEN when neither is. A flag that cannot be read counts as held.
 */
public enum TradingPhase {
    HALTED,
    CANCEL_ONLY,
    OPEN;

    static TradingPhase of(boolean cancelsHeld, boolean ordersHeld) {
        if (cancelsHeld) {
            return HALTED;
        }
        return ordersHeld ? CANCEL_ONLY : OPEN;
    }
}
