package exchange.recovery.approval;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.Json;
import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A second, write-once copy of the audit chain: one S3 object per entry in a versioned bucket with
 * Object Lock and a default retention (template.yaml), so that not even the role that writes it can
 * overwrite or delete an entry before the retention ends. A PutObject on an existing key only adds a
 * version; the verifier reads the oldest one and reports a key whose later versions say otherwise.
 */
public interface AuditArchive {

    /** Makes sure the entry's copy exists (idempotent: an existing copy is left as it is). */
    void ensure(AuditLog.ChainedEntry link);

    /** The archived copies of one request's entries, by sequence, with how many versions each key has. */
    List<Archived> archived(String requestId);

    /**
     * One archived entry: its oldest version's content, the number of versions of its key, and whether
     * every later version says the same (two writers healing the same copy at once may both write it).
     */
    record Archived(long sequence, String hash, String previousHash, int versions, boolean versionsAgree) {
    }

    /** No archive: the chain alone (a deployment without the bucket). */
    AuditArchive NONE = new AuditArchive() {
        @Override
        public void ensure(AuditLog.ChainedEntry link) {
        }

        @Override
        public List<Archived> archived(String requestId) {
            return List.of();
        }
    };

    /** The archive in one S3 bucket, under {@code approval-audit/<requestId>/<sequence>.json}. */
    final class S3 implements AuditArchive {

        static final String PREFIX = "approval-audit/";

        private final S3Client s3;
        private final String bucket;

        public S3(S3Client s3, String bucket) {
            this.s3 = s3;
            this.bucket = bucket;
        }

        @Override
        public void ensure(AuditLog.ChainedEntry link) {
            String key = key(link.entry().requestId(), link.sequence());
            try {
                if (exists(key)) {
                    return;
                }
                // No lock headers: the bucket's default retention locks every new object version.
                // If-None-Match: a writer racing us for the same copy gets 412 instead of adding a version.
                s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json").ifNoneMatch("*"),
                        RequestBody.fromString(Json.write(body(link))));
            } catch (S3Exception e) {
                if (e.statusCode() != 412) {
                    throw new TransientFailure("Could not archive audit entry " + link.sequence() + " of " + link.entry().requestId(), e);
                }
            } catch (SdkException e) {
                throw new TransientFailure("Could not archive audit entry " + link.sequence() + " of " + link.entry().requestId(), e);
            }
        }

        @Override
        public List<Archived> archived(String requestId) {
            String prefix = PREFIX + requestId + "/";
            java.util.Map<String, List<ObjectVersion>> versions = new java.util.TreeMap<>();
            try {
                String keyMarker = null;
                String versionMarker = null;
                ListObjectVersionsResponse page;
                do {
                    String k = keyMarker;
                    String v = versionMarker;
                    page = s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix).keyMarker(k).versionIdMarker(v));
                    for (ObjectVersion version : page.versions()) {
                        versions.computeIfAbsent(version.key(), ignored -> new java.util.ArrayList<>()).add(version);
                    }
                    keyMarker = page.nextKeyMarker();
                    versionMarker = page.nextVersionIdMarker();
                } while (Boolean.TRUE.equals(page.isTruncated()));
                List<Archived> archived = new java.util.ArrayList<>();
                for (var entry : versions.entrySet()) {
                    // S3 lists a key's versions newest first.
                    List<ObjectVersion> keyVersions = entry.getValue();
                    JsonNode oldest = read(entry.getKey(), keyVersions.get(keyVersions.size() - 1));
                    boolean agree = true;
                    for (int i = 0; i < keyVersions.size() - 1; i++) {
                        JsonNode later = read(entry.getKey(), keyVersions.get(i));
                        agree &= later.path("hash").asText("").equals(oldest.path("hash").asText(""))
                                && later.path("previousHash").asText("").equals(oldest.path("previousHash").asText(""));
                    }
                    archived.add(new Archived(oldest.path("sequence").asLong(-1), oldest.path("hash").asText(null),
                            oldest.path("previousHash").asText(null), keyVersions.size(), agree));
                }
                archived.sort(java.util.Comparator.comparingLong(Archived::sequence));
                return archived;
            } catch (SdkException e) {
                throw new TransientFailure("Could not read the audit archive of " + requestId, e);
            }
        }

        private JsonNode read(String key, ObjectVersion version) {
            return Json.read(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(version.versionId())).asUtf8String());
        }

        static String key(String requestId, long sequence) {
            return PREFIX + requestId + "/" + AuditLog.entryKey(sequence) + ".json";
        }

        private boolean exists(String key) {
            try {
                s3.headObject(b -> b.bucket(bucket).key(key));
                return true;
            } catch (NoSuchKeyException missing) {
                return false;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        }

        private static ObjectNode body(AuditLog.ChainedEntry link) {
            AuditEntry entry = link.entry();
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("sequence", link.sequence());
            node.put("previousHash", link.previousHash());
            node.put("hash", link.hash());
            node.put("requestId", entry.requestId());
            node.put("event", entry.event());
            node.put("actor", entry.actor());
            node.put("at", entry.at().toString());
            node.put("incidentId", entry.incidentId());
            node.put("approvalType", entry.approvalType());
            node.put("evidenceDigest", entry.evidenceDigest());
            node.put("sourceIp", entry.sourceIp());
            node.put("userAgent", entry.userAgent());
            node.put("detail", entry.detail());
            return node;
        }
    }
}
