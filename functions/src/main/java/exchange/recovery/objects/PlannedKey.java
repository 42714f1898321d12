package exchange.recovery.objects;

/**
 * One line of a restore manifest. {@code expectCurrent} is the version the plan saw current (null: the
 * key was absent or behind a delete marker); {@code versionAtT}, {@code sizeAtT} and {@code etagAtT}
 * describe the key as it was at the restore time (null: absent then), which verification compares with.
 */
public record PlannedKey(String key, Action action, String sourceVersion, String expectCurrent,
                         String versionAtT, Long sizeAtT, String etagAtT, String reason) {

    public static final String UNCHANGED = "unchanged since the restore time";
    public static final String CREATED_AFTER = "created after the restore time, kept";
    public static final String DELETED_AFTER = "absent at the restore time and now";

    public boolean presentAtT() {
        return versionAtT != null;
    }
}
