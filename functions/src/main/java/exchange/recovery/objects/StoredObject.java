package exchange.recovery.objects;

import java.time.Instant;
import java.util.Map;

/**
 * What HeadObject tells of one version: what a copy must carry over (metadata, content headers,
 * encryption, checksum algorithm) and what stops a restore from touching it (object lock, legal hold).
 */
public record StoredObject(String versionId, long size, String etag, String checksumAlgorithm, String checksum,
                           Map<String, String> metadata, String contentType, String cacheControl,
                           String contentDisposition, String contentEncoding, String contentLanguage,
                           String serverSideEncryption, String kmsKeyId,
                           String lockMode, Instant lockRetainUntil, boolean legalHold) {

    public static final String RESTORED_FROM = "restored-from-version";
    public static final String RESTORE_ID = "restore-id";

    /** Why this version may not be overwritten or hidden, if it may not. */
    public java.util.Optional<String> lockedReason(Instant now) {
        if (legalHold) {
            return java.util.Optional.of("legal hold on version " + versionId);
        }
        if (lockMode != null && lockRetainUntil != null && lockRetainUntil.isAfter(now)) {
            return java.util.Optional.of("object lock " + lockMode + " on version " + versionId + " until " + lockRetainUntil);
        }
        return java.util.Optional.empty();
    }

    /** True when this version is the copy that restore {@code restoreId} made of {@code sourceVersion}. */
    public boolean copiedBy(String restoreId, String sourceVersion) {
        return restoreId.equals(metadata.get(RESTORE_ID)) && sourceVersion.equals(metadata.get(RESTORED_FROM));
    }
}
