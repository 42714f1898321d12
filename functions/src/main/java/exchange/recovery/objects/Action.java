package exchange.recovery.objects;

/** What a restore does to one key. Nothing ever deletes a version: only delete markers come and go. */
public enum Action {
    /** Copy {@code sourceVersion} forward so that it becomes the current version again. */
    COPY_FORWARD,
    /** Put a delete marker on top of the current version. */
    DELETE_MARKER,
    /** Remove the delete marker {@code sourceVersion} that an earlier restore put (undo only). */
    REMOVE_DELETE_MARKER,
    /** Nothing to do; {@code reason} says why. */
    NONE
}
