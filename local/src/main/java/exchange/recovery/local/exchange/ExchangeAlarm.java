package exchange.recovery.local.exchange;

/**
 * One of the exchange's CloudWatch alarms, as the exchange (not this stack) owns it. The drill creates it
 * in the OK state before the stack is deployed, so that a scenario's fault is a real OK → ALARM change.
 */
public record ExchangeAlarm(String name, String namespace, String metric, String comparison, double threshold,
                            String description) {
}
