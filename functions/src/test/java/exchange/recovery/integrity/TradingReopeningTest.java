package exchange.recovery.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import exchange.recovery.hold.Holds;
import exchange.recovery.hold.InMemoryHoldStore;

class TradingReopeningTest {

    private final Holds holds = new Holds(new InMemoryHoldStore(), Clock.fixed(Instant.parse("2026-03-01T03:00:00Z"), ZoneOffset.UTC));
    private final IntegrityGate gate = mock(IntegrityGate.class);
    private final TradingReopening reopening = new TradingReopening(holds, gate);

    @Test
    void halt_holdsCancelsAndNewOrders() {
        assertThat(reopening.halt("INC-1", "database failover")).isEqualTo(TradingPhase.HALTED);
        assertThat(holds.status(TradingReopening.CANCELS).heldBy("INC-1")).isTrue();
        assertThat(holds.status(TradingReopening.ORDERS).heldBy("INC-1")).isTrue();
    }

    @Test
    void reopen_goesThroughCancelOnlyToOpenWhenTheChecksPassTwice() {
        reopening.halt("INC-1", "failover");
        checks(IntegrityGate.TRADING_CORRECTNESS, true);
        checks(TradingReopening.BOOK_CHECKS, true);

        TradingReopening.Reopened reopened = reopening.reopen("INC-1", "primary");

        assertThat(reopened.phase()).isEqualTo(TradingPhase.OPEN);
        assertThat(reopened.lines()).containsExactly(
                "trading correctness passed (book-not-crossed, reservations-match-open-orders, orders-consistent, trades-settled, journal-replays)",
                "cancels released: trading CANCEL_ONLY",
                "book checks passed again (book-not-crossed, reservations-match-open-orders, orders-consistent)",
                "new orders released: trading OPEN");
    }

    @Test
    void reopen_refusesAndKeepsTradingHaltedWhenTradingCorrectnessFails() {
        reopening.halt("INC-1", "failover");
        checks(IntegrityGate.TRADING_CORRECTNESS, false);

        assertThatThrownBy(() -> reopening.reopen("INC-1", "primary")).isInstanceOfSatisfying(TradingReopenRefused.class,
                refused -> assertThat(refused.phase()).isEqualTo(TradingPhase.HALTED));
        assertThat(reopening.phase()).isEqualTo(TradingPhase.HALTED);
    }

    @Test
    void reopen_staysCancelOnlyWhenTheBookFailsAgainAfterCancelsReopened() {
        reopening.halt("INC-1", "failover");
        checks(IntegrityGate.TRADING_CORRECTNESS, true);
        checks(TradingReopening.BOOK_CHECKS, false);

        assertThatThrownBy(() -> reopening.reopen("INC-1", "primary")).isInstanceOfSatisfying(TradingReopenRefused.class,
                refused -> assertThat(refused.phase()).isEqualTo(TradingPhase.CANCEL_ONLY));
        assertThat(reopening.phase()).isEqualTo(TradingPhase.CANCEL_ONLY);
    }

    @Test
    void reopen_leavesAnotherIncidentsHaltInPlace() {
        reopening.halt("INC-1", "failover");
        reopening.halt("INC-2", "second incident");
        checks(IntegrityGate.TRADING_CORRECTNESS, true);
        checks(TradingReopening.BOOK_CHECKS, true);

        assertThat(reopening.reopen("INC-1", "primary").phase()).isEqualTo(TradingPhase.HALTED);
        assertThat(holds.status(TradingReopening.ORDERS).heldBy("INC-2")).isTrue();
    }

    @Test
    void reopen_saysPerPhaseWhetherTheIncidentHeldTheFlag_whenNoHaltWasPlaced() {
        checks(IntegrityGate.TRADING_CORRECTNESS, true);
        checks(TradingReopening.BOOK_CHECKS, true);

        TradingReopening.Reopened reopened = reopening.reopen("INC-9", "primary");

        assertThat(reopened.phases()).extracting(TradingReopening.PhaseReached::flag, TradingReopening.PhaseReached::lifted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TradingReopening.CANCELS, false),
                        org.assertj.core.groups.Tuple.tuple(TradingReopening.ORDERS, false));
        assertThat(reopened.phase()).isEqualTo(TradingPhase.OPEN);
    }

    private void checks(List<String> names, boolean passed) {
        GateReport report = IntegrityCheckFailedTest.report(names.stream()
                .map(name -> new CheckResult(name, passed, passed ? "ok" : "violated", null)).toArray(CheckResult[]::new));
        when(gate.run(argThat(request -> request != null && names.equals(request.checks())))).thenReturn(report);
    }
}
