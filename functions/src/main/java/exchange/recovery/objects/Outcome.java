package exchange.recovery.objects;

/** What happened to one key; every key of a plan ends in exactly one of these. */
public enum Outcome {
    /** The action was done (by this attempt, or found done by an earlier attempt of the same restore). */
    RESTORED,
    /** The key already was as at the restore time. */
    UNCHANGED,
    /** Left alone on purpose: object lock or legal hold, or created after the restore time and kept. */
    SKIPPED,
    /** Not restored; {@code detail} says why. */
    FAILED
}
