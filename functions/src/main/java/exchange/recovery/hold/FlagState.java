package exchange.recovery.hold;

import java.time.Instant;
import java.util.List;

/**
 * One flag as stored: its holds and who changed it last. The flag is held exactly while a hold exists;
 * {@code held()} is derived from the holds, never stored apart from them, so no writer can open a flag
 * by writing a boolean. {@code version} counts writes (the compare-and-set witness); {@code exists} is
 * false before the first write; {@code readable} is false when the stored value was malformed (it then
 * carries an {@link Hold#UNREADABLE} hold, so it reads as held).
 */
public record FlagState(String flag, long version, List<Hold> holds, Instant changedAt, String lastAction,
                        String lastActor, String lastHolder, String lastReason, String lastToken,
                        boolean exists, boolean readable) {

    public FlagState {
        holds = holds == null ? List.of() : List.copyOf(holds);
    }

    /** A flag never written: no holds. */
    public static FlagState absent(String flag) {
        return new FlagState(flag, 0, List.of(), null, null, null, null, null, null, false, true);
    }

    public boolean held() {
        return !holds.isEmpty();
    }

    public boolean heldBy(String holder) {
        return holds.stream().anyMatch(hold -> hold.holder().equals(holder));
    }
}
