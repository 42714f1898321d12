package exchange.recovery.hold;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * How a service asks "is this flag held?" (may I send withdrawals, may I match orders): reads the flag
 * at most once per cache period (a hold takes effect within it) and fails closed: a flag never written,
 * malformed, or unreadable (store errors included) reads as held.
 */
public class HoldReader {

    private static final Logger LOG = LogManager.getLogger(HoldReader.class);

    private final HoldStore store;
    private final String flag;
    private final Duration cacheFor;
    private final Clock clock;
    private boolean held = true;
    private Instant readAt;

    public HoldReader(HoldStore store, String flag, Duration cacheFor, Clock clock) {
        Holds.requireFlag(flag);
        this.store = store;
        this.flag = flag;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    public synchronized boolean held() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(cacheFor))) {
            held = readFailClosed();
            readAt = now;
        }
        return held;
    }

    private boolean readFailClosed() {
        try {
            FlagState state = store.read(flag).state();
            if (!state.exists() || !state.readable()) {
                LOG.warn("Flag {} {}; treating it as held", flag, state.exists() ? "is malformed" : "was never written");
                return true;
            }
            return state.held();
        } catch (RuntimeException e) {
            LOG.warn("Flag {} unreadable; treating it as held: {}", flag, e.getClass().getSimpleName());
            return true;
        }
    }
}
