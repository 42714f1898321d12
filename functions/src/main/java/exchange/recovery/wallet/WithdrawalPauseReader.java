package exchange.recovery.wallet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * How the wallet service asks "may I send withdrawals?": reads the flag at most once per cache period
 * (a few seconds, so a pause takes effect within that), and fails closed: an unreadable, missing or
 * unparsable flag means paused.
 */
public class WithdrawalPauseReader {

    private static final Logger LOG = LogManager.getLogger(WithdrawalPauseReader.class);

    private final WithdrawalFlag flag;
    private final Duration cacheFor;
    private final Clock clock;
    private boolean paused = true;
    private Instant readAt;

    public WithdrawalPauseReader(WithdrawalFlag flag, Duration cacheFor, Clock clock) {
        this.flag = flag;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    public synchronized boolean withdrawalsPaused() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(cacheFor))) {
            try {
                paused = flag.readExisting().paused();
            } catch (TransientFailure | ParameterNotFoundException e) {
                LOG.warn("Withdrawal flag unreadable; treating withdrawals as paused: {}", e.getMessage());
                paused = true;
            }
            readAt = now;
        }
        return paused;
    }
}
