package exchange.recovery.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class WaiterTest {

    private static final Instant START = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void backoff_doublesUpToItsMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(30));

        assertThat(backoff.delay(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void backoff_refusesAMaximumBelowTheFirstDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void waiter_pollsWithBackoffUntilTheConditionHolds() {
        ManualClock clock = new ManualClock(START);
        Waiter waiter = new Waiter(clock, clock, new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        AtomicInteger polls = new AtomicInteger();

        Waiter.Outcome<String> outcome = waiter.until(START.plusSeconds(600),
                () -> polls.incrementAndGet() == 4 ? Optional.of("ready") : Optional.empty());

        assertThat(outcome.value()).contains("ready");
        assertThat(outcome.polls()).isEqualTo(4);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    @Test
    void waiter_givesUpAtTheDeadlineWithoutSleepingPastIt() {
        ManualClock clock = new ManualClock(START);
        Waiter waiter = new Waiter(clock, clock, new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(30)));

        Waiter.Outcome<String> outcome = waiter.until(START.plusSeconds(42), Optional::empty);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.endedAt()).isEqualTo(START.plusSeconds(42));
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(7));
    }
}
