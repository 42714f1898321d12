package exchange.recovery.rds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polls a condition with {@link Backoff} until it holds or a deadline passes; never a fixed long sleep.
 * The clock and the sleeper are seams, so tests run without waiting.
 */
public final class Waiter {

    /** Pauses the caller; {@link #SYSTEM} sleeps the thread. */
    @FunctionalInterface
    public interface Sleeper {

        Sleeper SYSTEM = duration -> {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting", e);
            }
        };

        void sleep(Duration duration);
    }

    /** How a wait ended: with the value, or with the deadline passed after {@code polls} polls. */
    public record Outcome<T>(Optional<T> value, int polls, Instant endedAt) {

        public boolean succeeded() {
            return value.isPresent();
        }
    }

    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;

    public Waiter(Clock clock, Sleeper sleeper, Backoff backoff) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = backoff;
    }

    /**
     * Polls {@code poll} until it returns a value or {@code deadline} passes. The first poll happens at
     * once; a sleep never reaches past the deadline, and one last poll is made at the deadline.
     * Exceptions thrown by {@code poll} end the wait and propagate.
     */
    public <T> Outcome<T> until(Instant deadline, Supplier<Optional<T>> poll) {
        int polls = 0;
        while (true) {
            Optional<T> value = poll.get();
            polls++;
            Instant now = clock.instant();
            if (value.isPresent() || !now.isBefore(deadline)) {
                return new Outcome<>(value, polls, now);
            }
            Duration pause = backoff.delay(polls - 1);
            Duration left = Duration.between(now, deadline);
            sleeper.sleep(pause.compareTo(left) > 0 ? left : pause);
        }
    }

    public Clock clock() {
        return clock;
    }
}
