package exchange.recovery.hold;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import exchange.recovery.core.TransientFailure;
import exchange.recovery.hold.HoldStore.Outcome;
import exchange.recovery.hold.HoldStore.Snapshot;
import exchange.recovery.hold.HoldStore.TokenUse;

/**
 * Holds on named flags (withdrawals, trading), changed only by compare-and-set: every change reads the
 * flag, computes the next value from what it read, and writes it only if nobody wrote in between;
 * otherwise it reads again. So a hold placed by one writer is never erased by another writer's release,
 * whatever the interleaving, and a flag is open only when its stored holds are empty.
 *
 * <p>A hold is released only by naming its holder: releasing one incident's hold leaves every other
 * hold (another incident's, an operator's, an unreadable flag's) in place. A release may spend a
 * single-use token (an approval), recorded in the same atomic write, so that the token cannot release
 * a hold twice.
 */
public final class Holds {

    public static final int MAX_HOLDS = 100;
    public static final int MAX_REASON = 1024;
    public static final int MAX_ACTOR = 128;

    private static final Pattern FLAG = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Pattern HOLDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final int ATTEMPTS = 8;

    private final HoldStore store;
    private final Clock clock;

    public Holds(HoldStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What a change did: whether the holds changed, and the flag as written (or as found). */
    public record Change(boolean changed, FlagState state) {
    }

    public FlagState status(String flag) {
        requireFlag(flag);
        return store.read(flag).state();
    }

    /**
     * Writes a flag that was never written, with no holds, so that readers (which fail closed on a
     * missing flag) see it open; a flag that exists is left as it is, so this can never lift a hold.
     */
    public Change initialise(String flag, String actor) {
        requireFlag(flag);
        requireBounded(actor, "actor", MAX_ACTOR);
        Snapshot seen = store.read(flag);
        if (seen.state().exists()) {
            return new Change(false, seen.state());
        }
        FlagState next = next(seen.state(), List.of(), "INITIALISE", actor, null, "first write of the flag", null);
        if (store.write(seen, next, null) == Outcome.WRITTEN) {
            return new Change(true, next);
        }
        return new Change(false, store.read(flag).state());
    }

    /** Adds {@code holder}'s hold; idempotent (a holder holds a flag at most once, the first hold kept). */
    public Change hold(String flag, String holder, String actor, String reason) {
        requireFlag(flag);
        requireHolder(holder);
        requireBounded(actor, "actor", MAX_ACTOR);
        requireBounded(reason, "reason", MAX_REASON);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Snapshot seen = store.read(flag);
            FlagState current = seen.state();
            if (current.exists() && current.readable() && current.heldBy(holder)) {
                return new Change(false, current);
            }
            List<Hold> holds = new ArrayList<>(current.holds());
            if (!current.heldBy(holder)) {
                if (holds.size() >= MAX_HOLDS) {
                    throw new InvalidHold(flag + " already has " + holds.size() + " holds (at most " + MAX_HOLDS + ")");
                }
                holds.add(new Hold(holder, actor, reason, clock.instant()));
            }
            FlagState next = next(current, holds, "HOLD", actor, holder, reason, null);
            if (store.write(seen, next, null) == Outcome.WRITTEN) {
                return new Change(true, next);
            }
        }
        throw new TransientFailure("The hold of " + holder + " on " + flag + " kept losing to concurrent changes; nothing written");
    }

    /**
     * Releases {@code holder}'s hold, spending {@code token} if given. A token already spent by this
     * holder on a hold no longer there is a re-delivery of the same release: nothing changes. A token
     * spent otherwise (another holder, or the holder holds the flag again) is {@link ReleaseTokenUsed}.
     * With a token, the release is written (and the token spent) even if the holder holds nothing.
     * {@code authorisedAt}, if given, is when the release was authorised: a hold placed after it (the
     * holder held the flag again since) is not released ({@link ReleaseOutdated}).
     */
    public Change release(String flag, String holder, String actor, String reason, String token, Instant authorisedAt) {
        requireFlag(flag);
        requireHolder(holder);
        requireBounded(actor, "actor", MAX_ACTOR);
        requireBounded(reason, "reason", MAX_REASON);
        if (token != null && !TOKEN.matcher(token).matches()) {
            throw new InvalidHold("token must match " + TOKEN.pattern());
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Snapshot seen = store.read(flag);
            FlagState current = seen.state();
            if (token != null) {
                Optional<String> usedBy = store.tokenUsedBy(flag, token);
                if (usedBy.isPresent()) {
                    if (usedBy.get().equals(holder) && !current.heldBy(holder)) {
                        return new Change(false, current);
                    }
                    throw new ReleaseTokenUsed(token + " already released the hold of " + usedBy.get() + " on " + flag
                            + (current.heldBy(holder) ? "; " + holder + " holds it again and needs a new one" : ""));
                }
            } else if (!current.heldBy(holder)) {
                return new Change(false, current);
            }
            Optional<Hold> held = current.holds().stream().filter(hold -> hold.holder().equals(holder)).findFirst();
            if (authorisedAt != null && held.isPresent() && held.get().since() != null
                    && held.get().since().isAfter(authorisedAt)) {
                throw new ReleaseOutdated("the hold of " + holder + " on " + flag + " was placed at " + held.get().since()
                        + ", after the release was authorised (" + authorisedAt + ")");
            }
            List<Hold> remaining = current.holds().stream().filter(hold -> !hold.holder().equals(holder)).toList();
            FlagState next = next(current, remaining, "RELEASE", actor, holder, reason, token);
            Outcome outcome = store.write(seen, next, token == null ? null : new TokenUse(token, holder));
            if (outcome == Outcome.WRITTEN) {
                return new Change(current.heldBy(holder), next);
            }
        }
        throw new TransientFailure("The release of " + holder + " on " + flag + " kept losing to concurrent changes; nothing written");
    }

    private FlagState next(FlagState current, List<Hold> holds, String action, String actor, String holder,
                           String reason, String token) {
        Instant now = clock.instant();
        return new FlagState(current.flag(), current.version() + 1, holds, now, action, actor, holder, reason, token,
                true, true);
    }

    static void requireFlag(String flag) {
        if (flag == null || !FLAG.matcher(flag).matches()) {
            throw new InvalidHold("flag must match " + FLAG.pattern());
        }
    }

    private static void requireHolder(String holder) {
        if (holder == null || !HOLDER.matcher(holder).matches()) {
            throw new InvalidHold("holder (incident or hold id) must be 1 to 128 letters, digits, '.', '_', ':' or '-'"
                    + " starting with a letter or digit");
        }
    }

    private static void requireBounded(String value, String name, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new InvalidHold(name + " is " + value.length() + " characters; at most " + max);
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new InvalidHold(name + " contains control characters");
        }
    }
}
