package exchange.recovery.local.scenarios;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An object restore as the drill reads it back: the verification's report (report.json in the manifest
 * bucket: counts, and every key listed with its reason) and every version and delete marker under the
 * restored prefix from {@code ListObjectVersions} afterwards, which expectations count independently of
 * what the restore says about itself.
 *
 * @param status the execution's status
 * @param trigger what started it, as the plan records it ("alarm exchange-s3-...")
 * @param histories every key under the prefix, with its versions and delete markers, oldest first
 */
public record ObjectRestoreReport(String executionArn, String status, String restoreId, String trigger, String bucket,
                                  String prefix, Instant restoreTime, long keys, long restored, long unchanged,
                                  long skipped, long failed, boolean verified, List<Listed> listed,
                                  String reportLocation, Map<String, List<Version>> histories) {

    public ObjectRestoreReport {
        listed = List.copyOf(listed);
        histories = Map.copyOf(histories);
    }

    /** A key the report lists for a reader's attention (skipped, failed, kept because created after T). */
    public record Listed(String key, String outcome, String reason) {
    }

    /** One entry of a key's history: a version (with its ETag) or a delete marker. */
    public record Version(String versionId, Instant lastModified, String eTag, boolean deleteMarker, boolean latest) {
    }

    /**
     * How many times the version current at the restore time was copied forward for {@code key}: versions
     * written after T with the T version's content (same ETag). Zero when the key was absent at T.
     */
    public long copiesForward(String key) {
        List<Version> history = histories.getOrDefault(key, List.of());
        Version atT = history.stream().filter(v -> !v.lastModified().isAfter(restoreTime)).reduce((a, b) -> b).orElse(null);
        if (atT == null || atT.deleteMarker()) {
            return 0;
        }
        return history.stream().filter(v -> v.lastModified().isAfter(restoreTime) && !v.deleteMarker()
                && atT.eTag().equals(v.eTag())).count();
    }

    /** Whether the key's current version holds the content it had at T (its latest entry is a copy of the T version or the T version itself). */
    public boolean currentAsAtT(String key) {
        List<Version> history = histories.getOrDefault(key, List.of());
        Version atT = history.stream().filter(v -> !v.lastModified().isAfter(restoreTime)).reduce((a, b) -> b).orElse(null);
        Version latest = history.stream().filter(Version::latest).findFirst().orElse(null);
        return atT != null && latest != null && !atT.deleteMarker() && !latest.deleteMarker() && atT.eTag().equals(latest.eTag());
    }
}
