package exchange.recovery.objects;

import java.time.Instant;

/** One entry of a key's version history: a version or a delete marker. */
public record VersionEntry(String key, String versionId, boolean deleteMarker, boolean latest, Instant lastModified,
                           Long size, String etag) {
}
