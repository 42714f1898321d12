package exchange.recovery.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.emulator.CloudWatchAlarms;
import exchange.recovery.local.deploy.DeployedStack;
import exchange.recovery.local.emulator.Executions;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.local.emulator.LocalFunction;
import exchange.recovery.local.deploy.StackDeployer;
import exchange.recovery.local.template.SamTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * statemachines/object-restore.asl.json as template.yaml deploys it, on the emulator: the planner lists
 * real versions, the Distributed Map reads the batch manifest from S3 and runs the batch function per
 * item, the verification lists the prefix again. Each test uses its own prefix of the shared stack.
 * The first two tests play the situations of the drill scenarios s3-accidental-deletion and
 * s3-overwrite-corruption from the console, with what the drill does not rehearse (a dry run, a batch
 * crash and its redrive, an undo); the drill runs them through the alarm's rule.
 */
class ObjectRestorePlanTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String STATEMENTS = "exchange-statements";
    private static final String LOGS = "exchange-regulatory-logs";

    private static LocalAws aws;
    private static DeployedStack stack;
    private static Executions executions;
    private static S3Client s3;
    private static CloudWatchAlarms cloudWatch;
    private static final String WATCH_ALARM = "exchange-s3-statements-deleted-objects";

    @BeforeAll
    static void deploy() {
        aws = LocalAws.start();
        s3 = aws.clients().s3();
        for (String bucket : List.of(STATEMENTS, LOGS)) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
        cloudWatch = new CloudWatchAlarms(aws.endpoint());
        cloudWatch.putMetricAlarm(WATCH_ALARM, "AWS/S3", "DeleteRequests", "GreaterThanOrEqualToThreshold", 100,
                "DeleteRequests on the statements bucket (request metrics filter statements/watched/)");
        stack = new StackDeployer(aws, "exchange-recovery", Map.of("ObjectRestoreBuckets", STATEMENTS + "," + LOGS,
                "ObjectRestoreWatches", Json.write(List.of(Map.of("alarm", "exchange-s3-statements-*",
                        "bucket", STATEMENTS, "prefix", "statements/watched/")))), Map.of())
                .deploy(SamTemplate.load(Path.of("template.yaml")));
        executions = new Executions(aws.clients().stepFunctions());
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void s3AccidentalDeletion_aDeletedPrefixOfThousandsOfObjects_isRestoredToJustBeforeAndVerified() {
        // GIVEN 3000 statements under a prefix, and one outside it
        String prefix = "statements/deletion/";
        List<String> keys = keys(prefix, 3000);
        keys.forEach(key -> put(STATEMENTS, key, "statement " + key, null));
        put(STATEMENTS, "statements/other/keep.pdf", "outside", null);
        Instant beforeDamage = secondAfterLastWrite();
        // WHEN an operator deletes the prefix, and the restore runs to just before that
        deleteAll(STATEMENTS, keys);
        DescribeExecutionResponse run = run(Map.of("incidentId", "INC-S3-DEL", "bucket", STATEMENTS, "prefix", prefix,
                "damageStartedAt", beforeDamage.plusSeconds(1).toString()));

        // THEN every key is back with its content, by exactly one copy-forward, and the report adds up
        assertSucceeded(run);
        JsonNode report = Json.read(run.output()).at("/verification/report");
        assertThat(report.path("verified").asBoolean()).isTrue();
        assertThat(report.path("keys").asLong()).isEqualTo(3000);
        assertThat(report.path("restored").asLong()).isEqualTo(3000);
        assertThat(report.path("restored").asLong() + report.path("unchanged").asLong() + report.path("skipped").asLong()
                + report.path("failed").asLong()).isEqualTo(report.path("keys").asLong());
        Map<String, Histories> histories = histories(STATEMENTS, prefix);
        assertThat(histories).hasSize(3000);
        assertThat(histories.values()).allSatisfy(history -> {
            assertThat(history.versions).as(history.key).isEqualTo(2);
            assertThat(history.deleteMarkers).as(history.key).isEqualTo(1);
        });
        assertThat(read(STATEMENTS, keys.get(1234))).isEqualTo("statement " + keys.get(1234));
        assertThat(histories(STATEMENTS, "statements/other/").get("statements/other/keep.pdf").versions).isEqualTo(1);
    }

    @Test
    void s3OverwriteCorruption_priorVersionsRestored_newObjectsKept_aFaultRedrivenToOneCopyPerKey_andUndone() {
        // GIVEN 1200 logs with SHA-256 checksums; after T a job overwrites 800 with bad content and creates 30 keys
        String prefix = "logs/overwrite/";
        List<String> keys = keys(prefix, 1200);
        keys.forEach(key -> put(LOGS, key, "log line " + key, ChecksumAlgorithm.SHA256));
        Instant restoreTime = secondAfterLastWrite();
        List<String> overwritten = keys.subList(0, 800);
        overwritten.forEach(key -> put(LOGS, key, "CORRUPT", ChecksumAlgorithm.SHA256));
        List<String> created = keys(prefix + "new-", 30);
        created.forEach(key -> put(LOGS, key, "new after T", null));
        Map<String, Object> input = Map.of("incidentId", "INC-S3-OVR", "bucket", LOGS, "prefix", prefix,
                "restoreTime", restoreTime.toString());

        // WHEN a dry run prints the plan
        DescribeExecutionResponse dryRun = run(with(input, "dryRun", true));
        // THEN it changes nothing and counts what the restore would do
        assertSucceeded(dryRun);
        JsonNode plan = Json.read(dryRun.output()).at("/planned/plan");
        assertThat(plan.path("actions").path("COPY_FORWARD").asLong()).isEqualTo(800);
        assertThat(plan.path("actions").path(PlannedKey.CREATED_AFTER).asLong()).isEqualTo(30);
        assertThat(plan.path("readiness")).extracting(bucket -> bucket.path("bucket").asText() + " " + bucket.path("ready").asBoolean())
                .containsExactly(LOGS + " true", STATEMENTS + " true");
        assertThat(histories(LOGS, prefix).values()).allSatisfy(history -> assertThat(history.versions).isLessThanOrEqualTo(2));

        // WHEN the restore runs with a batch function that crashes after 300 copies, then is started again
        useBatchHandler("exchange.recovery.objects.FaultyBatchHandler::handleRequest");
        FaultyBatchHandler.arm(300);
        DescribeExecutionResponse interrupted = run(input);
        assertThat(interrupted.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(aws.lambdas().invocations()).filteredOn(call -> call.errorType() != null)
                .extracting(call -> call.errorType()).containsExactly(FaultyBatchHandler.InjectedFault.class.getName());
        long copiedBeforeFault = histories(LOGS, prefix).values().stream().filter(h -> h.versions == 3).count();
        assertThat(copiedBeforeFault).isBetween(300L, 799L);
        int callsBefore = aws.lambdas().invocations().size();
        DescribeExecutionResponse redriven = run(input);

        // THEN the redrive copied only what was left: the batches' own counts add up to the rest
        long copiedByRedrive = aws.lambdas().invocations().stream().skip(callsBefore)
                .filter(call -> call.functionName().equals(stack.functionName("RestoreObjectBatchFunction")))
                .mapToLong(call -> Json.read(call.response()).path("copiedNow").asLong()).sum();
        assertThat(copiedByRedrive).isEqualTo(800 - copiedBeforeFault);
        // AND every overwritten key has exactly one copy-forward, the rest are untouched, new keys listed and kept
        assertSucceeded(redriven);
        JsonNode report = Json.read(redriven.output()).at("/verification/report");
        assertThat(report.path("verified").asBoolean()).isTrue();
        assertThat(report.path("restored").asLong()).isEqualTo(800);
        assertThat(report.path("unchanged").asLong()).isEqualTo(400);
        assertThat(report.path("skipped").asLong()).isEqualTo(30);
        assertThat(report.path("failed").asLong()).isZero();
        assertThat(report.path("keys").asLong()).isEqualTo(1230);
        Map<String, Histories> histories = histories(LOGS, prefix);
        overwritten.forEach(key -> assertThat(histories.get(key).versions).as(key).isEqualTo(3));
        keys.subList(800, 1200).forEach(key -> assertThat(histories.get(key).versions).as(key).isEqualTo(1));
        created.forEach(key -> assertThat(histories.get(key).versions).as(key).isEqualTo(1));
        assertThat(read(LOGS, overwritten.get(7))).isEqualTo("log line " + overwritten.get(7));
        assertThat(report.path("listed")).anySatisfy(listed ->
                assertThat(listed.path("reason").asText()).isEqualTo(PlannedKey.CREATED_AFTER));

        // WHEN the restore is undone
        String restoreId = Json.read(redriven.output()).at("/planned/plan/restoreId").asText();
        DescribeExecutionResponse undo = run(Map.of("incidentId", "INC-S3-OVR", "undo", restoreId));

        // THEN the versions current before the restore are current again, by one more copy each
        assertSucceeded(undo);
        assertThat(Json.read(undo.output()).at("/verification/report/restored").asLong()).isEqualTo(800);
        assertThat(read(LOGS, overwritten.get(7))).isEqualTo("CORRUPT");
        assertThat(histories(LOGS, prefix).get(overwritten.get(7)).versions).isEqualTo(4);
    }

    @Test
    void anS3AlarmOfAWatchedBucket_startsARestoreOfItsPrefix_toTheLookbackBeforeTheAlarm() {
        // GIVEN 20 objects under the prefix the alarm watches, written within the alarm's lookback
        String prefix = "statements/watched/";
        keys(prefix, 20).forEach(key -> put(STATEMENTS, key, "statement", null));
        String machine = stack.stateMachine("ObjectRestoreStateMachine");
        int before = executions.list(machine).size();

        // WHEN the watch's alarm goes to ALARM
        Instant alarmAt = Instant.now();
        cloudWatch.setAlarmState(WATCH_ALARM, "ALARM", "Threshold Crossed: 4210 DeleteRequests");

        // THEN the rule starts a restore of that prefix to 10 minutes before the alarm, which keeps and lists newer keys
        String arn = executions.awaitExecutions(machine, before + 1, TIMEOUT).stream()
                .map(item -> item.executionArn()).filter(candidate -> aws.clients().stepFunctions()
                        .describeExecution(b -> b.executionArn(candidate)).input().contains(WATCH_ALARM))
                .findFirst().orElseThrow();
        DescribeExecutionResponse run = executions.awaitEnd(arn, TIMEOUT);
        assertSucceeded(run);
        JsonNode plan = Json.read(run.output()).at("/planned/plan");
        assertThat(plan.path("bucket").asText()).isEqualTo(STATEMENTS);
        assertThat(plan.path("prefix").asText()).isEqualTo(prefix);
        assertThat(plan.path("trigger").asText()).isEqualTo("alarm " + WATCH_ALARM);
        assertThat(Instant.parse(plan.path("restoreTime").asText()))
                .isBetween(alarmAt.minusSeconds(602), alarmAt.minusSeconds(598));
        JsonNode report = Json.read(run.output()).at("/verification/report");
        assertThat(report.path("skipped").asLong()).isEqualTo(20);
        assertThat(report.path("restored").asLong()).isZero();
    }

    @Test
    void anUnknownBucket_isRefusedWithTheReason_andNothingIsPlanned() {
        DescribeExecutionResponse run = run(Map.of("incidentId", "INC-S3-BAD", "bucket", "someone-elses-bucket",
                "restoreTime", "2026-01-01T00:00:00Z"));

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.error()).isEqualTo("ObjectRestoreFailed");
        assertThat(executions.firstFailure(run.executionArn()).orElse(""))
                .contains("InvalidObjectRestoreInput").contains("someone-elses-bucket is not one this restore may touch");
    }

    private static void useBatchHandler(String handler) {
        String name = stack.functionName("RestoreObjectBatchFunction");
        Map<String, String> env = new HashMap<>(aws.awsVariables());
        env.put("OBJECT_RESTORE_BUCKETS", STATEMENTS + "," + LOGS);
        env.put("OBJECT_RESTORE_MANIFEST_BUCKET", stack.physicalId("ObjectRestoreManifestBucket"));
        env.put("OBJECT_RESTORE_COPY_PARALLELISM", "4");
        aws.lambdas().register(new LocalFunction(name, handler, env, Duration.ofMinutes(15)));
    }

    private static Map<String, Object> with(Map<String, Object> input, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(input);
        copy.put(field, value);
        return copy;
    }

    private static DescribeExecutionResponse run(Map<String, Object> input) {
        String arn = aws.clients().stepFunctions().startExecution(request -> request
                .stateMachineArn(stack.stateMachine("ObjectRestoreStateMachine")).input(Json.write(input))).executionArn();
        return executions.awaitEnd(arn, TIMEOUT);
    }

    private static void assertSucceeded(DescribeExecutionResponse execution) {
        assertThat(execution.status()).as(() -> failures(execution.executionArn())).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    /** Every failure event of the execution (tasks, map runs, the execution), for the assertion message. */
    private static String failures(String executionArn) {
        return executions.history(executionArn).stream().filter(event -> event.typeAsString().contains("Failed"))
                .map(Object::toString).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static List<String> keys(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("%s%05d.json", prefix, i)).toList();
    }

    private static void put(String bucket, String key, String body, ChecksumAlgorithm checksum) {
        s3.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(checksum),
                RequestBody.fromString(body, StandardCharsets.UTF_8));
    }

    private static String read(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }

    private static void deleteAll(String bucket, List<String> keys) {
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> chunk = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(chunk)));
        }
    }

    /**
     * S3 keeps modification times to the second: returns the second of the last write, once the clock
     * has moved past it, so that what is written next is strictly after it.
     */
    private static Instant secondAfterLastWrite() {
        Instant lastWrite = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Executions.await(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(lastWrite) ? Boolean.TRUE : null,
                Duration.ofSeconds(5), "the clock to pass " + lastWrite);
        return lastWrite;
    }

    private record Histories(String key, int versions, int deleteMarkers) {
    }

    private static Map<String, Histories> histories(String bucket, String prefix) {
        Map<String, int[]> counts = new TreeMap<>();
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String key = keyMarker;
            String version = versionMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix)
                    .keyMarker(key).versionIdMarker(version));
            for (ObjectVersion v : page.versions()) {
                counts.computeIfAbsent(v.key(), k -> new int[2])[0]++;
            }
            page.deleteMarkers().forEach(m -> counts.computeIfAbsent(m.key(), k -> new int[2])[1]++);
            if (!page.isTruncated()) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        Map<String, Histories> histories = new HashMap<>();
        counts.forEach((key, c) -> histories.put(key, new Histories(key, c[0], c[1])));
        return histories;
    }

}
