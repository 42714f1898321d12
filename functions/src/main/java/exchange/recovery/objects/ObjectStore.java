package exchange.recovery.objects;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.type.TypeReference;

import exchange.recovery.core.Json;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one boundary to S3: SDK errors become our typed errors here (throttling and 5xx
 * {@link S3Unavailable}, 403 {@link S3AccessDenied}), and versions come out as {@link KeyHistory}s.
 */
public class ObjectStore {

    private final S3Client s3;

    public ObjectStore(S3Client s3) {
        this.s3 = s3;
    }

    /** Streams the history of every key under {@code prefix}, in key order, one page of 1000 entries at a time. */
    public void histories(String bucket, String prefix, Consumer<KeyHistory> each) {
        String keyMarker = null;
        String versionMarker = null;
        List<VersionEntry> pending = new ArrayList<>();
        while (true) {
            String key = keyMarker;
            String version = versionMarker;
            ListObjectVersionsResponse page = call("list versions of s3://" + bucket + "/" + prefix, () ->
                    s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix).keyMarker(key).versionIdMarker(version)));
            List<VersionEntry> entries = new ArrayList<>();
            for (ObjectVersion v : page.versions()) {
                entries.add(new VersionEntry(v.key(), v.versionId(), false, Boolean.TRUE.equals(v.isLatest()),
                        v.lastModified(), v.size(), v.eTag()));
            }
            for (DeleteMarkerEntry m : page.deleteMarkers()) {
                entries.add(new VersionEntry(m.key(), m.versionId(), true, Boolean.TRUE.equals(m.isLatest()),
                        m.lastModified(), null, null));
            }
            // S3 lists keys in order and each key's entries newest first; the SDK splits versions from markers.
            entries.sort(Comparator.comparing(VersionEntry::key)
                    .thenComparing(VersionEntry::lastModified, Comparator.reverseOrder())
                    .thenComparing(entry -> !entry.latest()));
            for (VersionEntry entry : entries) {
                if (!pending.isEmpty() && !pending.get(0).key().equals(entry.key())) {
                    each.accept(new KeyHistory(pending.get(0).key(), pending));
                    pending = new ArrayList<>();
                }
                pending.add(entry);
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        if (!pending.isEmpty()) {
            each.accept(new KeyHistory(pending.get(0).key(), pending));
        }
    }

    /** The current version of a key; empty when the key is absent or behind a delete marker. */
    public Optional<StoredObject> current(String bucket, String key) {
        return head(bucket, key, null);
    }

    public Optional<StoredObject> version(String bucket, String key, String versionId) {
        return head(bucket, key, versionId);
    }

    private Optional<StoredObject> head(String bucket, String key, String versionId) {
        try {
            return Optional.of(stored(call("head s3://" + bucket + "/" + key, () ->
                    s3.headObject(b -> b.bucket(bucket).key(key).versionId(versionId).checksumMode(ChecksumMode.ENABLED)))));
        } catch (S3Unavailable e) {
            throw e;
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /**
     * Copies {@code source} forward as the key's new current version, with its metadata and content
     * headers, plus markers naming the restore and the source version (what makes a retry a no-op).
     */
    public CopyObjectResponse copyForward(String bucket, String key, StoredObject source, String restoreId) {
        Map<String, String> metadata = new HashMap<>(source.metadata());
        metadata.put(StoredObject.RESTORED_FROM, source.versionId());
        metadata.put(StoredObject.RESTORE_ID, restoreId);
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                .sourceBucket(bucket).sourceKey(key).sourceVersionId(source.versionId())
                .destinationBucket(bucket).destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE).metadata(metadata)
                .contentType(source.contentType()).cacheControl(source.cacheControl())
                .contentDisposition(source.contentDisposition()).contentEncoding(source.contentEncoding())
                .contentLanguage(source.contentLanguage());
        if (source.checksumAlgorithm() != null) {
            copy.checksumAlgorithm(ChecksumAlgorithm.fromValue(source.checksumAlgorithm()));
        }
        if ("aws:kms".equals(source.serverSideEncryption()) && source.kmsKeyId() != null) {
            copy.serverSideEncryption(source.serverSideEncryption()).ssekmsKeyId(source.kmsKeyId());
        }
        CopyObjectRequest request = copy.build();
        return call("copy s3://" + bucket + "/" + key + " version " + source.versionId(), () -> s3.copyObject(request));
    }

    /** Puts a delete marker on the key; returns the marker's version id. */
    public String putDeleteMarker(String bucket, String key) {
        return call("delete marker on s3://" + bucket + "/" + key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)))
                .versionId();
    }

    /** Removes one delete marker (deleting a marker removes no data; undo only removes its own). */
    public void removeDeleteMarker(String bucket, String key, String markerVersionId) {
        call("remove delete marker " + markerVersionId + " of s3://" + bucket + "/" + key,
                () -> s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(markerVersionId)));
    }

    public String versioning(String bucket) {
        String status = call("versioning of " + bucket, () -> s3.getBucketVersioning(b -> b.bucket(bucket))).statusAsString();
        return status == null ? "Off" : status;
    }

    public boolean objectLockEnabled(String bucket) {
        try {
            return call("object lock of " + bucket, () -> s3.getObjectLockConfiguration(b -> b.bucket(bucket)))
                    .objectLockConfiguration() != null;
        } catch (NotFound e) {
            return false;
        }
    }

    public void putJson(String bucket, String key, Object value) {
        byte[] body = Json.write(value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        call("write s3://" + bucket + "/" + key, () -> s3.putObject(b -> b.bucket(bucket).key(key)
                .contentType("application/json"), RequestBody.fromBytes(body)));
    }

    public <T> Optional<T> readJson(String bucket, String key, TypeReference<T> type) {
        try {
            byte[] body = call("read s3://" + bucket + "/" + key,
                    () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            return Optional.of(Json.MAPPER.readValue(body, type));
        } catch (NotFound e) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("Unreadable manifest s3://" + bucket + "/" + key, e);
        }
    }

    private static StoredObject stored(HeadObjectResponse head) {
        String algorithm = null;
        String checksum = null;
        String[][] candidates = {{"CRC64NVME", head.checksumCRC64NVME()}, {"CRC32C", head.checksumCRC32C()},
                {"CRC32", head.checksumCRC32()}, {"SHA256", head.checksumSHA256()}, {"SHA1", head.checksumSHA1()}};
        for (String[] candidate : candidates) {
            if (candidate[1] != null) {
                algorithm = candidate[0];
                checksum = candidate[1];
                break;
            }
        }
        return new StoredObject(head.versionId(), head.contentLength() == null ? 0 : head.contentLength(), head.eTag(),
                algorithm, checksum, head.metadata(), head.contentType(), head.cacheControl(),
                head.contentDisposition(), head.contentEncoding(), head.contentLanguage(),
                head.serverSideEncryptionAsString(), head.ssekmsKeyId(),
                head.objectLockModeAsString(), head.objectLockRetainUntilDate(),
                head.objectLockLegalHoldStatus() == ObjectLockLegalHoldStatus.ON);
    }

    /** 404 of any kind: the caller decides what absence means. */
    private static final class NotFound extends RuntimeException {
        NotFound(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (S3Exception e) {
            int status = e.statusCode();
            if (status == 404) {
                throw new NotFound(e);
            }
            if (status == 403) {
                throw new S3AccessDenied("S3 refused to " + what + ": " + e.awsErrorDetails().errorCode(), e);
            }
            if (status == 429 || status == 503 || status >= 500 || e.isThrottlingException()) {
                throw new S3Unavailable("S3 could not " + what + " (" + status + "), retry", e);
            }
            throw new S3RequestRejected("S3 rejected the request to " + what + ": " + e.getMessage(), e);
        } catch (SdkClientException e) {
            throw new S3Unavailable("S3 could not be reached to " + what + ": " + e.getMessage(), e);
        }
    }

    static <T> TypeReference<List<T>> listOf(Class<T> type) {
        return new TypeReference<>() {
            @Override
            public java.lang.reflect.Type getType() {
                return Json.MAPPER.getTypeFactory().constructCollectionType(List.class, type);
            }
        };
    }
}
