package exchange.recovery.objects;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;

/**
 * Restores one batch of a plan, keys in parallel. Idempotent per key: before changing a key it reads
 * the key's current version, and a copy that this restore already made (its metadata names the restore
 * and the source version) is recognised and not made again, so a redrive after a fault copies only
 * what is left. A key someone else changed since the plan is not overwritten: it fails with the reason.
 * A batch whose outcome file holds no failure is done and is not looked at again.
 */
public class BatchRestorer {

    /** CopyObject copies at most 5 GiB; larger objects need a multipart copy, which this restore does not do. */
    static final long MAX_COPY_BYTES = 5L * 1024 * 1024 * 1024;

    private final ObjectStore store;
    private final Manifests manifests;
    private final ExecutorService workers;
    private final RestoreListener listener;
    private final Clock clock;

    public BatchRestorer(ObjectStore store, Manifests manifests, ExecutorService workers, RestoreListener listener,
                         Clock clock) {
        this.store = store;
        this.manifests = manifests;
        this.workers = workers;
        this.listener = listener;
        this.clock = clock;
    }

    public BatchResult restore(BatchRef ref) {
        RestorePlan plan = manifests.requirePlan(ref.restoreId());
        Optional<List<KeyOutcome>> done = manifests.outcomes(ref.restoreId(), ref.batch());
        if (done.isPresent() && done.get().stream().noneMatch(outcome -> outcome.outcome() == Outcome.FAILED)) {
            return BatchResult.of(ref, done.get(), true);
        }
        List<PlannedKey> keys = manifests.batch(ref.restoreId(), ref.batch());
        // The first error stops the keys not yet started: the batch is redone anyway, key by key idempotently.
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Future<KeyOutcome>> running = new ArrayList<>(keys.size());
        for (PlannedKey key : keys) {
            running.add(workers.submit(() -> {
                if (failure.get() != null) {
                    return null;
                }
                try {
                    return restore(plan, key);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    throw e;
                }
            }));
        }
        List<KeyOutcome> outcomes = new ArrayList<>(keys.size());
        for (Future<KeyOutcome> future : running) {
            try {
                outcomes.add(future.get());
            } catch (ExecutionException e) {
                failure.compareAndSet(null, e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while restoring batch " + ref.batch(), e);
            }
        }
        if (failure.get() != null) {
            throw failure.get(); // no outcome file: the retry or redrive redoes this batch, key by key idempotently
        }
        manifests.writeOutcomes(ref.restoreId(), ref.batch(), outcomes);
        return BatchResult.of(ref, outcomes, false);
    }

    KeyOutcome restore(RestorePlan plan, PlannedKey key) {
        String bucket = plan.bucket();
        return switch (key.action()) {
            case NONE -> new KeyOutcome(key.key(), PlannedKey.CREATED_AFTER.equals(key.reason()) ? Outcome.SKIPPED
                    : Outcome.UNCHANGED, Action.NONE, key.expectCurrent(), key.expectCurrent(), false, key.reason());
            case COPY_FORWARD -> copyForward(plan, key);
            case DELETE_MARKER -> deleteMarker(plan, key);
            case REMOVE_DELETE_MARKER -> {
                listener.beforeChange(key.key());
                store.removeDeleteMarker(bucket, key.key(), key.sourceVersion());
                String now = store.current(bucket, key.key()).map(StoredObject::versionId).orElse(null);
                yield new KeyOutcome(key.key(), Outcome.RESTORED, Action.REMOVE_DELETE_MARKER, now, key.sourceVersion(),
                        true, key.reason());
            }
        };
    }

    private KeyOutcome copyForward(RestorePlan plan, PlannedKey key) {
        String bucket = plan.bucket();
        Optional<StoredObject> current = store.current(bucket, key.key());
        if (current.isPresent() && current.get().copiedBy(plan.restoreId(), key.sourceVersion())) {
            return new KeyOutcome(key.key(), Outcome.RESTORED, Action.COPY_FORWARD, current.get().versionId(),
                    key.expectCurrent(), false, "copied by an earlier attempt of this restore");
        }
        Optional<String> locked = current.flatMap(object -> object.lockedReason(clock.instant()));
        if (locked.isPresent()) {
            return outcome(key, Outcome.SKIPPED, null, "not touched: " + locked.get());
        }
        String currentId = current.map(StoredObject::versionId).orElse(null);
        if (!Objects.equals(currentId, key.expectCurrent())) {
            return outcome(key, Outcome.FAILED, currentId, "changed since the plan: current version is "
                    + (currentId == null ? "none" : currentId) + ", the plan saw " + key.expectCurrent());
        }
        Optional<StoredObject> source = store.version(bucket, key.key(), key.sourceVersion());
        if (source.isEmpty()) {
            return outcome(key, Outcome.FAILED, currentId, "version " + key.sourceVersion() + " no longer exists");
        }
        if (source.get().size() > MAX_COPY_BYTES) {
            return outcome(key, Outcome.FAILED, currentId, "larger than 5 GiB: needs a multipart copy, not done by this restore");
        }
        listener.beforeChange(key.key());
        CopyObjectResponse copy = store.copyForward(bucket, key.key(), source.get(), plan.restoreId());
        Optional<String> mismatch = mismatch(source.get(), copy.copyObjectResult());
        if (mismatch.isPresent()) {
            return new KeyOutcome(key.key(), Outcome.FAILED, Action.COPY_FORWARD, copy.versionId(), currentId, true,
                    "copy does not match version " + key.sourceVersion() + ": " + mismatch.get());
        }
        return new KeyOutcome(key.key(), Outcome.RESTORED, Action.COPY_FORWARD, copy.versionId(), currentId, true,
                key.reason());
    }

    private KeyOutcome deleteMarker(RestorePlan plan, PlannedKey key) {
        String bucket = plan.bucket();
        Optional<StoredObject> current = store.current(bucket, key.key());
        if (current.isEmpty()) {
            // Hidden already: by an earlier attempt of this restore, whose marker undo must know.
            String marker = latestDeleteMarker(bucket, key.key()).orElse(null);
            return new KeyOutcome(key.key(), Outcome.RESTORED, Action.DELETE_MARKER, marker, key.expectCurrent(), false,
                    "delete marker already current");
        }
        Optional<String> locked = current.get().lockedReason(clock.instant());
        if (locked.isPresent()) {
            return outcome(key, Outcome.SKIPPED, current.get().versionId(), "not touched: " + locked.get());
        }
        if (!current.get().versionId().equals(key.expectCurrent())) {
            return outcome(key, Outcome.FAILED, current.get().versionId(), "changed since the plan: current version is "
                    + current.get().versionId() + ", the plan saw " + key.expectCurrent());
        }
        listener.beforeChange(key.key());
        String marker = store.putDeleteMarker(bucket, key.key());
        return new KeyOutcome(key.key(), Outcome.RESTORED, Action.DELETE_MARKER, marker, current.get().versionId(), true,
                key.reason());
    }

    private Optional<String> latestDeleteMarker(String bucket, String key) {
        List<String> marker = new ArrayList<>();
        store.histories(bucket, key, history -> {
            if (history.key().equals(key)) {
                history.current().filter(VersionEntry::deleteMarker).ifPresent(entry -> marker.add(entry.versionId()));
            }
        });
        return marker.stream().findFirst();
    }

    private static KeyOutcome outcome(PlannedKey key, Outcome outcome, String current, String detail) {
        return new KeyOutcome(key.key(), outcome, key.action(), current, current, false, detail);
    }

    /** Compares the copy with its source: the additional checksum where the source has one, else a plain ETag. */
    static Optional<String> mismatch(StoredObject source, CopyObjectResult copy) {
        if (source.checksum() != null) {
            String copied = switch (source.checksumAlgorithm()) {
                case "CRC64NVME" -> copy.checksumCRC64NVME();
                case "CRC32C" -> copy.checksumCRC32C();
                case "CRC32" -> copy.checksumCRC32();
                case "SHA256" -> copy.checksumSHA256();
                case "SHA1" -> copy.checksumSHA1();
                default -> null;
            };
            return source.checksum().equals(copied) ? Optional.empty()
                    : Optional.of(source.checksumAlgorithm() + " " + copied + " instead of " + source.checksum());
        }
        if (source.etag() != null && !source.etag().contains("-")) { // a multipart ETag is not the content's MD5
            return source.etag().equals(copy.eTag()) ? Optional.empty()
                    : Optional.of("ETag " + copy.eTag() + " instead of " + source.etag());
        }
        return Optional.empty();
    }
}
