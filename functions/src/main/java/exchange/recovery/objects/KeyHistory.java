package exchange.recovery.objects;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every version and delete marker of one key, newest first (the order S3 lists them in). */
public record KeyHistory(String key, List<VersionEntry> newestFirst) {

    public KeyHistory {
        newestFirst = List.copyOf(newestFirst);
    }

    /** The entry current at {@code time}: the newest one written at or before it. */
    public Optional<VersionEntry> at(Instant time) {
        return newestFirst.stream().filter(entry -> !entry.lastModified().isAfter(time)).findFirst();
    }

    public Optional<VersionEntry> current() {
        return newestFirst.stream().filter(VersionEntry::latest).findFirst()
                .or(() -> newestFirst.stream().findFirst());
    }
}
