package exchange.recovery.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a function reads its configuration: the process environment in AWS, or the variables that
 * template.yaml declares for that function when the local runtime hosts several functions in one JVM.
 */
public final class Env {

    private static final ThreadLocal<Env> SCOPED = new ThreadLocal<>();

    private final Map<String, String> variables;

    private Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Env of(Map<String, String> variables) {
        return new Env(Objects.requireNonNull(variables, "variables"));
    }

    /** The environment of the function being initialised: a scoped one if set, else the process's. */
    public static Env current() {
        Env scoped = SCOPED.get();
        return scoped != null ? scoped : new Env(System.getenv());
    }

    /** Runs {@code init} (typically a handler's constructor) with {@code env} as {@link #current()}. */
    public static <T> T with(Env env, Supplier<T> init) {
        Env previous = SCOPED.get();
        SCOPED.set(env);
        try {
            return init.get();
        } finally {
            if (previous == null) {
                SCOPED.remove();
            } else {
                SCOPED.set(previous);
            }
        }
    }

    public Optional<String> find(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** A required variable: missing configuration is an error at init, never a surprise at run time. */
    public String require(String name) {
        return find(name).orElseThrow(() -> new ConfigurationMissing(name));
    }

    public String get(String name, String fallback) {
        return find(name).orElse(fallback);
    }

    public int getInt(String name, int fallback) {
        return find(name).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new ConfigurationMissing(name + " (not a whole number: " + value + ")");
            }
        }).orElse(fallback);
    }

    public Map<String, String> asMap() {
        return variables;
    }
}
