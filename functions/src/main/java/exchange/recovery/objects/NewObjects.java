package exchange.recovery.objects;

/** What a restore does with keys that did not exist at the restore time. */
public enum NewObjects {
    /** Leave them current and list them in the report (the default). */
    KEEP,
    /** Hide them behind a delete marker (the versions stay; undo removes the marker). */
    DELETE_MARKER
}
