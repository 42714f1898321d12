package exchange.recovery.wallet;

import java.time.Clock;
import java.time.Duration;

import exchange.recovery.hold.HoldReader;
import exchange.recovery.hold.HoldStore;

/**
 * How the wallet service asks "may I send withdrawals?": the withdrawal flag read through the shared,
 * fail-closed {@link HoldReader} (at most once per cache period; never written, malformed or
 * unreadable means paused).
 */
public class WithdrawalPauseReader {

    private final HoldReader reader;

    public WithdrawalPauseReader(HoldStore store, Duration cacheFor, Clock clock) {
        this.reader = new HoldReader(store, WithdrawalGate.FLAG, cacheFor, clock);
    }

    public boolean withdrawalsPaused() {
        return reader.held();
    }
}
