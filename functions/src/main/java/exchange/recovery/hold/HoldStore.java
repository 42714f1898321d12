package exchange.recovery.hold;

import java.util.Optional;

/**
 * Where flags live, with a real compare-and-set. {@link Holds} is the only writer; this seam also lets
 * tests interleave the read and write steps of several writers deterministically.
 */
public interface HoldStore {

    /** A consistent read of the flag and the witness a later {@link #write} must present. */
    Snapshot read(String flag);

    /**
     * Writes {@code next} only if the flag is still as {@code seen} read it and, when {@code token} is
     * given, only if that token was never used on this flag (and marks it used by {@code token.holder()}).
     */
    Outcome write(Snapshot seen, FlagState next, TokenUse token);

    /** The holder whose release used {@code token} on {@code flag}, if it was used. */
    Optional<String> tokenUsedBy(String flag, String token);

    /** A read flag and the store's own compare-and-set witness for it. */
    record Snapshot(FlagState state, Object witness) {
    }

    /** A single-use token (an approval) spent by a release of {@code holder}'s hold. */
    record TokenUse(String token, String holder) {
    }

    enum Outcome {
        WRITTEN,
        /** Someone wrote the flag since it was read: nothing written. */
        CHANGED_SINCE_READ,
        /** The token was used already: nothing written. */
        TOKEN_USED
    }
}
