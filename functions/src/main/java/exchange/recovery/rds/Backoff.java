package exchange.recovery.rds;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff without jitter (one recovery per scope runs at a time, so there is no herd to
 * spread): {@code initial × 2^attempt}, never more than {@code max}. The same rule paces the in-process
 * {@link Waiter} and the state machine's Wait loop ({@code nextWaitSeconds}).
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The delay before poll number {@code attempt + 1}, counting from 0. */
    public Duration delay(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative: " + attempt);
        }
        Duration delay = initial;
        for (int i = 0; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
