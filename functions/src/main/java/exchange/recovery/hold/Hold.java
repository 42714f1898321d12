package exchange.recovery.hold;

import java.time.Instant;

/**
 * One reason to keep a flag held (withdrawals paused, trading halted): who holds it ({@code holder}, an
 * incident id or an operator's hold id), who placed it, why and since when.
 */
public record Hold(String holder, String actor, String reason, Instant since) {

    /** Holder of the hold that stands for a flag whose stored value could not be read. */
    public static final String UNREADABLE = "UNREADABLE-FLAG";
    /** Holder of the hold that stands for a flag set held by hand with no hold named. */
    public static final String MANUAL = "MANUAL";
}
