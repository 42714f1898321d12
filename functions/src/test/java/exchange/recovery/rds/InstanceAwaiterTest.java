package exchange.recovery.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.rds.model.DBInstance;

class InstanceAwaiterTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final String COPY = "exchange-db-pitr-inc-42";

    private final InMemoryRds rds = new InMemoryRds();
    private final ManualClock clock = new ManualClock(NOW);
    private InstanceAwaiter awaiter;

    @BeforeEach
    void setUp() {
        awaiter = new InstanceAwaiter(new RdsGateway(rds), clock, new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(300)),
                Duration.ofHours(4));
        rds.put(creating());
    }

    @Test
    void await_saysPendingAndHowLongToWaitWithBackoff() {
        AwaitResult first = awaiter.poll(new AwaitRequest(COPY, null, null, null));
        AwaitResult fourth = awaiter.poll(new AwaitRequest(COPY, 3, first.waitStartedAt(), null));
        AwaitResult late = awaiter.poll(new AwaitRequest(COPY, 10, first.waitStartedAt(), null));

        assertThat(first.status()).isEqualTo(AwaitResult.PENDING);
        assertThat(first.rdsStatus()).isEqualTo("creating");
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.nextWaitSeconds()).isEqualTo(30);
        assertThat(first.waitStartedAt()).isEqualTo(NOW);
        assertThat(first.deadline()).isEqualTo(NOW.plus(Duration.ofHours(4)));
        assertThat(fourth.nextWaitSeconds()).isEqualTo(240);
        assertThat(late.nextWaitSeconds()).isEqualTo(300);
    }

    @Test
    void await_neverWaitsPastTheDeadline() {
        clock.sleep(Duration.ofHours(4).minusSeconds(20));

        AwaitResult result = awaiter.poll(new AwaitRequest(COPY, 8, NOW, null));

        assertThat(result.nextWaitSeconds()).isEqualTo(20);
    }

    @Test
    void await_saysAvailableWithTheEndpointToCheck() {
        rds.settle();

        AwaitResult result = awaiter.poll(new AwaitRequest(COPY, 4, NOW.minusSeconds(600), null));

        assertThat(result.status()).isEqualTo(AwaitResult.AVAILABLE);
        assertThat(result.nextWaitSeconds()).isZero();
        assertThat(result.address()).isEqualTo(COPY + TestInstances.ENDPOINT_SUFFIX);
        assertThat(result.port()).isEqualTo(5433);
        assertThat(result.database()).isEqualTo(COPY + TestInstances.ENDPOINT_SUFFIX + ":5433/exchange");
    }

    @Test
    void await_failsOnceTheDeadlineHasPassed() {
        clock.sleep(Duration.ofMinutes(31));

        assertThatThrownBy(() -> awaiter.poll(new AwaitRequest(COPY, 6, NOW, 1800)))
                .isInstanceOf(RdsWaitTimedOut.class)
                .hasMessageContaining("still creating");
    }

    @Test
    void await_failsAtOnceOnAStateRdsDoesNotLeaveByItself() {
        rds.update(COPY, copy -> copy.dbInstanceStatus("incompatible-restore"));

        assertThatThrownBy(() -> awaiter.poll(new AwaitRequest(COPY, 0, null, null)))
                .isInstanceOf(InstanceUnusable.class)
                .hasMessageContaining("incompatible-restore");
    }

    @Test
    void await_reportsAMissingInstance() {
        assertThatThrownBy(() -> awaiter.poll(new AwaitRequest("exchange-db-pitr-nothing", 0, null, null)))
                .isInstanceOf(InstanceNotFound.class);
    }

    private static DBInstance creating() {
        return TestInstances.named(TestInstances.source(NOW).build(), COPY).toBuilder().dbInstanceStatus("creating").build();
    }
}
