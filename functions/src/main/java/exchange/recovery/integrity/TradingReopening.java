package exchange.recovery.integrity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import exchange.recovery.hold.Holds;

/**
 * Halts and reopens trading for one incident through the shared hold store, the one place that lifts the
 * trading halt. Reopening goes in phases, each a flag the trading API reads and a line of the answer:
 * the trading-correctness checks run for this incident (all of {@link IntegrityGate#TRADING_CORRECTNESS});
 * only if they pass is the incident's hold on cancels released (CANCEL_ONLY: customers can cancel, nobody
 * can place); the book checks then run again on the book the cancellations left, and only if they pass is
 * the hold on new orders released (OPEN). A refusal changes nothing further and says which phase trading
 * stays in. Other holders' holds (another incident, an operator) stay: a flag opens only when it has none.
 */
public class TradingReopening {

    public static final String ORDERS = "trading";
    public static final String CANCELS = "trading-cancels";
    static final List<String> BOOK_CHECKS = List.of("book-not-crossed", "reservations-match-open-orders", "orders-consistent");

    private static final String ACTOR = "recovery-plan";

    private final Holds holds;
    private final IntegrityGate gate;
    private final Clock clock;

    public TradingReopening(Holds holds, IntegrityGate gate) {
        this(holds, gate, Clock.systemUTC());
    }

    public TradingReopening(Holds holds, IntegrityGate gate, Clock clock) {
        this.holds = holds;
        this.gate = gate;
        this.clock = clock;
    }

    /**
     * One phase reached: the phase trading was in after releasing {@code flag}, when, the checks that allowed it,
     * and whether the incident held the flag (false: nothing of the incident's to lift, e.g. no halt was placed).
     */
    public record PhaseReached(TradingPhase phase, Instant at, List<String> checks, String flag, boolean lifted) {

        public PhaseReached {
            checks = List.copyOf(checks);
        }
    }

    /** What reopening did: the phase trading is in, each phase reached, and one line per step. */
    public record Reopened(TradingPhase phase, List<PhaseReached> phases, List<String> lines) {

        public Reopened {
            phases = List.copyOf(phases);
            lines = List.copyOf(lines);
        }
    }

    /** Holds both flags for the incident (idempotent): nobody places or cancels until reopening. */
    public TradingPhase halt(String incidentId, String reason) {
        holds.hold(CANCELS, incidentId, ACTOR, reason);
        holds.hold(ORDERS, incidentId, ACTOR, reason);
        return phase();
    }

    public TradingPhase phase() {
        return TradingPhase.of(holds.status(CANCELS).held(), holds.status(ORDERS).held());
    }

    /**
     * @throws TradingReopenRefused when a check fails; trading stays halted (the first gate) or cancel-only (the book recheck)
     * @throws exchange.recovery.core.TransientFailure when the database cannot be reached; nothing released after it
     */
    public Reopened reopen(String incidentId, String database) {
        List<String> lines = new ArrayList<>();
        List<PhaseReached> phases = new ArrayList<>();
        GateReport correctness = gate.run(new IntegrityCheckRequest(incidentId, "trading-api", database,
                IntegrityGate.TRADING_CORRECTNESS, false));
        if (!correctness.passed()) {
            throw new TradingReopenRefused("Trading stays " + phase() + ": trading correctness failed for " + incidentId + ": "
                    + correctness.failedChecks(), phase());
        }
        lines.add("trading correctness passed (" + String.join(", ", IntegrityGate.TRADING_CORRECTNESS) + ")");
        boolean cancelsLifted = holds.release(CANCELS, incidentId, ACTOR, "trading correctness passed", null, null).changed();
        TradingPhase afterCancels = phase();
        phases.add(new PhaseReached(afterCancels, clock.instant(), IntegrityGate.TRADING_CORRECTNESS, CANCELS, cancelsLifted));
        lines.add("cancels released: trading " + afterCancels);
        GateReport book = gate.run(new IntegrityCheckRequest(incidentId, "trading-api", database, BOOK_CHECKS, false));
        if (!book.passed()) {
            throw new TradingReopenRefused("Trading stays " + afterCancels + ": the book checks failed again after cancels reopened: "
                    + book.failedChecks(), afterCancels);
        }
        lines.add("book checks passed again (" + String.join(", ", BOOK_CHECKS) + ")");
        boolean ordersLifted = holds.release(ORDERS, incidentId, ACTOR, "book checks passed in cancel-only", null, null).changed();
        TradingPhase after = phase();
        phases.add(new PhaseReached(after, clock.instant(), BOOK_CHECKS, ORDERS, ordersLifted));
        lines.add("new orders released: trading " + after);
        return new Reopened(after, phases, lines);
    }
}
