package exchange.recovery.local.scenarios;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import exchange.recovery.core.Json;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.emulator.Executions;
import exchange.recovery.local.exchange.ExchangeAlarm;
import exchange.recovery.local.exchange.ExchangeSetup;
import exchange.recovery.objects.PlannedKey;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * What the object-restore scenarios share: the watch that points their S3 alarm at a bucket prefix, the fault
 * (objects written, damaged after a known moment, the alarm raised once its lookback reaches back to that
 * moment) and the expectations on the restore's report and on the bucket's versions.
 */
public final class ObjectRestores {

    /**
     * How far before its alarm an alarm-started restore goes back (template parameter
     * ObjectRestoreAlarmLookbackSeconds, 600 s in AWS): short in the drill, so that the objects written
     * just before the fault are the restore's "as at T" without a ten-minute wait. The damage must fit in it.
     */
    public static final Duration LOOKBACK = Duration.ofSeconds(15);
    /** Where in its second the alarm is raised: S3 and the alarm's event keep whole seconds. */
    private static final Duration INTO_THE_SECOND = Duration.ofMillis(300);
    private static final int WRITERS = 8;

    private ObjectRestores() {
    }

    /** The stack watches {@code bucket}'s {@code prefix} through {@code alarm}, going back {@link #LOOKBACK} from it. */
    public static Consumer<ExchangeSetup> watch(ExchangeAlarm alarm, String bucket, String prefix) {
        return setup -> setup
                .parameter("ObjectRestoreWatches", Json.write(List.of(Map.of("alarm", alarm.name(), "bucket", bucket, "prefix", prefix))))
                .parameter("ObjectRestoreAlarmLookbackSeconds", String.valueOf(LOOKBACK.toSeconds()));
    }

    /** The keys a scenario writes: {@code prefix} + a five-digit number + .json. */
    public static List<String> keys(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("%s%05d.json", prefix, i)).toList();
    }

    /** Starts an object fault: {@code keys} written to {@code bucket} (their content names them), before T. */
    public static ObjectFault written(String bucket, List<String> keys, boolean checksums) {
        return new ObjectFault(bucket, keys, checksums);
    }

    /** What the fault does to the bucket after T. */
    @FunctionalInterface
    public interface Damage {
        void apply(S3Client s3, String bucket, List<String> written, FaultContext context) throws Exception;
    }

    /** An operator's delete of every written key (DeleteObjects, 1000 keys a request). */
    public static Damage deleteAll() {
        return (s3, bucket, written, context) -> {
            for (int from = 0; from < written.size(); from += 1000) {
                List<ObjectIdentifier> chunk = written.subList(from, Math.min(written.size(), from + 1000)).stream()
                        .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
                s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(chunk).quiet(true)));
            }
            context.note("operator: DeleteObjects of all " + written.size() + " keys under the prefix in " + bucket);
        };
    }

    /** A job overwrites {@code overwritten} of the written keys with bad content, and creates {@code created} (kept by the restore). */
    public static Damage overwrite(int overwritten, String content, List<String> created) {
        return (s3, bucket, written, context) -> {
            put(s3, bucket, written.subList(0, overwritten), key -> content, true);
            context.note("job: " + overwritten + " of " + written.size() + " keys in " + bucket + " overwritten with \"" + content + "\"");
            put(s3, bucket, created, key -> "written after T: " + key, false);
            context.note("job: " + created.size() + " new keys created in " + bucket + " (e.g. " + created.get(0) + ")");
        };
    }

    /** The fault's steps: written, then damaged, then noticed by the alarm. */
    public static final class ObjectFault {
        private final String bucket;
        private final List<String> keys;
        private final boolean checksums;
        private Damage damage;

        private ObjectFault(String bucket, List<String> keys, boolean checksums) {
            this.bucket = bucket;
            this.keys = List.copyOf(keys);
            this.checksums = checksums;
        }

        public ObjectFault damagedBy(Damage damage) {
            this.damage = damage;
            return this;
        }

        /**
         * The alarm goes to ALARM when its lookback reaches back exactly to the second of the last good write: that
         * second is T (the restore's "as at"), the damage lies after it. Fails, changing nothing more, when the damage
         * took longer than the lookback (T would fall inside it).
         */
        public Fault noticedBy(ExchangeAlarm alarm, String reason) {
            return context -> {
                S3Client s3 = context.aws().s3();
                long began = System.nanoTime();
                put(s3, bucket, keys, key -> "as written before the incident: " + key, checksums);
                Instant lastGoodWrite = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                context.note(keys.size() + " objects written under " + keys.get(0).substring(0, keys.get(0).lastIndexOf('/') + 1)
                        + " in " + bucket + " (" + (System.nanoTime() - began) / 1_000_000 + " ms); last good write in second " + lastGoodWrite);
                clockPasses(lastGoodWrite.plusSeconds(1));
                damage.apply(s3, bucket, keys, context);
                Instant raise = lastGoodWrite.plus(LOOKBACK).plus(INTO_THE_SECOND);
                if (Instant.now().isAfter(raise)) {
                    throw new LocalRuntimeException("The damage took longer than the alarm's lookback (" + LOOKBACK.toSeconds()
                            + " s): the restore's T would fall inside it");
                }
                clockPasses(raise);
                context.fireAlarm(alarm.name(), reason);
            };
        }
    }

    private static void clockPasses(Instant moment) {
        Executions.await(() -> Instant.now().isAfter(moment) ? Boolean.TRUE : null, Duration.between(Instant.now(), moment)
                .plusSeconds(5), "the clock to pass " + moment);
    }

    /** Writes the keys, a few requests at a time (thousands of keys one by one take long on a loaded machine). */
    private static void put(S3Client s3, String bucket, List<String> keys, Function<String, String> content, boolean checksums) {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int first = w;
                writes.add(writers.submit(() -> {
                    for (int i = first; i < keys.size(); i += WRITERS) {
                        String key = keys.get(i);
                        s3.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(checksums ? ChecksumAlgorithm.SHA256 : null),
                                RequestBody.fromString(content.apply(key), StandardCharsets.UTF_8));
                    }
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalRuntimeException("Interrupted while writing to " + bucket, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new LocalRuntimeException("Cannot write to " + bucket + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            writers.shutdownNow();
        }
    }

    // --- expectations on the restore's report and the bucket's versions ---

    /** The restore was started by this alarm, through the stack's rule (not from the console). */
    public static Expectation startedBy(ExchangeAlarm alarm) {
        return of("the object restore is started by alarm " + alarm.name(), ObjectRestoreReport::trigger,
                ("alarm " + alarm.name())::equals);
    }

    /** The restore restored {@code bucket}'s {@code prefix}. */
    public static Expectation restores(String bucket, String prefix) {
        return of("the restore covers s3://" + bucket + "/" + prefix, report -> "s3://" + report.bucket() + "/" + report.prefix(),
                ("s3://" + bucket + "/" + prefix)::equals);
    }

    /** The execution succeeded and the verification passed. */
    public static Expectation verified() {
        return of("the restore ends SUCCEEDED and its verification passes",
                report -> report.status() + (report.verified() ? ", verified" : ", not verified"), "SUCCEEDED, verified"::equals);
    }

    /** restored + unchanged + skipped + failed = keys = the keys under the prefix as ListObjectVersions shows them. */
    public static Expectation countsAddUp() {
        return seen("restored + unchanged + skipped + failed = keys = the keys under the prefix (ListObjectVersions)", report -> {
            long sum = report.restored() + report.unchanged() + report.skipped() + report.failed();
            return new Seen(report.restored() + " + " + report.unchanged() + " + " + report.skipped() + " + " + report.failed()
                    + " = " + sum + "; keys " + report.keys() + "; under the prefix " + report.histories().size(),
                    sum == report.keys() && report.keys() == report.histories().size());
        });
    }

    /** The report's counts. */
    public static Expectation counts(long restored, long unchanged, long skipped, long failed) {
        String wanted = "restored " + restored + ", unchanged " + unchanged + ", skipped " + skipped + ", failed " + failed;
        return of("the report counts " + wanted, report -> "restored " + report.restored() + ", unchanged " + report.unchanged()
                + ", skipped " + report.skipped() + ", failed " + report.failed(), wanted::equals);
    }

    /**
     * Read from ListObjectVersions: every key the report counts as restored got exactly one copy forward of its T
     * version, which is now current, and no key got more than one.
     */
    public static Expectation oneCopyForwardPerRestoredKey() {
        return seen("exactly one copy forward per restored key, now current (ListObjectVersions)", report -> {
            Map<Long, Long> keysByCopies = new TreeMap<>();
            long currentCopies = 0;
            for (String key : report.histories().keySet()) {
                long copies = report.copiesForward(key);
                keysByCopies.merge(copies, 1L, Long::sum);
                if (copies == 1 && report.currentAsAtT(key)) {
                    currentCopies++;
                }
            }
            boolean once = keysByCopies.keySet().stream().allMatch(copies -> copies <= 1)
                    && keysByCopies.getOrDefault(1L, 0L) == report.restored() && currentCopies == report.restored();
            return new Seen("keys by copies forward " + keysByCopies + "; current copies " + currentCopies + "; restored "
                    + report.restored(), once);
        });
    }

    /**
     * {@code count} keys created after T are listed by the report as kept, and are as the job left them: one
     * version, current, no delete marker.
     */
    public static Expectation createdAfterListedAndKept(int count) {
        return of(count + " keys created after T are listed as kept, and kept (one version each, current)", report -> {
            List<String> listed = report.listed().stream().filter(entry -> PlannedKey.CREATED_AFTER.equals(entry.reason()))
                    .map(ObjectRestoreReport.Listed::key).toList();
            long kept = listed.stream().filter(key -> {
                List<ObjectRestoreReport.Version> history = report.histories().getOrDefault(key, List.of());
                return history.size() == 1 && history.get(0).latest() && !history.get(0).deleteMarker();
            }).count();
            return "listed " + listed.size() + ", kept " + kept;
        }, ("listed " + count + ", kept " + count)::equals);
    }

    /** What an expectation observed, and whether that is what it wants. */
    private record Seen(String observed, boolean holds) {
    }

    private static Expectation of(String description, Function<ObjectRestoreReport, String> observe, Predicate<String> holds) {
        return seen(description, report -> {
            String observed = observe.apply(report);
            return new Seen(observed, observed != null && holds.test(observed));
        });
    }

    private static Expectation seen(String description, Function<ObjectRestoreReport, Seen> observe) {
        return new Expectation() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public ExpectationResult check(PlanReport report) {
                if (report.objectRestore().isEmpty()) {
                    return new ExpectationResult(description, false, "no object restore report (the scenario follows "
                            + "another plan, or its execution gave no verification)");
                }
                Seen seen = observe.apply(report.objectRestore().get());
                return new ExpectationResult(description, seen.holds(), seen.observed());
            }
        };
    }
}
