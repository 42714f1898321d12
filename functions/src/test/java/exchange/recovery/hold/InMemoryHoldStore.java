package exchange.recovery.hold;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A hold store with the same compare-and-set contract as DynamoDB's conditional writes, in memory, with
 * a hook that runs before a chosen write so that a test can interleave another writer's whole change
 * between one writer's read and its write.
 */
public class InMemoryHoldStore implements HoldStore {

    private final Map<String, FlagState> flags = new HashMap<>();
    private final Map<String, String> tokens = new HashMap<>();
    private Runnable beforeNextWrite;
    private int writes;

    /** Runs {@code interleaved} once, just before the next write reaches the store. */
    public synchronized void beforeNextWrite(Runnable interleaved) {
        this.beforeNextWrite = interleaved;
    }

    public synchronized void put(FlagState state) {
        flags.put(state.flag(), state);
    }

    public synchronized int writes() {
        return writes;
    }

    @Override
    public synchronized Snapshot read(String flag) {
        FlagState state = flags.getOrDefault(flag, FlagState.absent(flag));
        return new Snapshot(state, state.exists() ? state.version() : -1L);
    }

    @Override
    public Outcome write(Snapshot seen, FlagState next, TokenUse token) {
        Runnable interleaved;
        synchronized (this) {
            interleaved = beforeNextWrite;
            beforeNextWrite = null;
        }
        if (interleaved != null) {
            interleaved.run();
        }
        synchronized (this) {
            FlagState current = flags.getOrDefault(next.flag(), FlagState.absent(next.flag()));
            long witness = current.exists() ? current.version() : -1L;
            if (!seen.witness().equals(witness)) {
                return Outcome.CHANGED_SINCE_READ;
            }
            if (token != null && tokens.containsKey(next.flag() + "#" + token.token())) {
                return Outcome.TOKEN_USED;
            }
            flags.put(next.flag(), next);
            if (token != null) {
                tokens.put(next.flag() + "#" + token.token(), token.holder());
            }
            writes++;
            return Outcome.WRITTEN;
        }
    }

    @Override
    public synchronized Optional<String> tokenUsedBy(String flag, String token) {
        return Optional.ofNullable(tokens.get(flag + "#" + token));
    }
}
