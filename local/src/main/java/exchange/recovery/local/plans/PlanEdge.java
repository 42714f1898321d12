package exchange.recovery.local.plans;

/**
 * A way out of a state: its {@code Next}, a Choice rule, a Choice's {@code Default}, or a {@code Catch}.
 *
 * @param label the Choice condition or the caught errors; null for a plain {@code Next}
 * @param error true for a Catch
 */
public record PlanEdge(String target, String label, boolean error) {
}
