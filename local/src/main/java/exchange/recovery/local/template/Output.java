package exchange.recovery.local.template;

/** A stack output: {@code value} and {@code exportName} may hold intrinsics, resolved with {@link Intrinsics}. */
public record Output(String name, String description, Object value, Object exportName, String condition) {
}
