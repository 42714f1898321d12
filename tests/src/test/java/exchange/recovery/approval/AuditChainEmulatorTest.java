package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import exchange.recovery.local.emulator.LocalAws;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The audit log is tamper-evident beyond the code that writes it: on the emulator, whoever holds
 * PutItem on the table (the only write IAM cannot tell from an append) overwrites, rewrites or removes
 * entries, and the verifier reports the first broken link; the archive copy sits in a bucket under
 * Object Lock that refuses to delete it.
 */
class AuditChainEmulatorTest {

    private static final String TABLE = "approval-audit-chain";
    private static final String BUCKET = "approval-audit-archive";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static LocalAws aws;
    private static AuditArchive archive;
    private static AuditLog audit;
    private static AuditChainVerifier verifier;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        aws.clients().dynamoDb().createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("requestId").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("entry").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("requestId").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("entry").attributeType(ScalarAttributeType.S).build()));
        // As template.yaml declares ApprovalAuditBucket: Object Lock (hence versioning) with a default COMPLIANCE retention
        aws.clients().s3().createBucket(b -> b.bucket(BUCKET).objectLockEnabledForBucket(true));
        aws.clients().s3().putObjectLockConfiguration(b -> b.bucket(BUCKET).objectLockConfiguration(c -> c
                .objectLockEnabled("Enabled")
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE).days(1)))));
        archive = new AuditArchive.S3(aws.clients().s3(), BUCKET);
        audit = new AuditLog(aws.clients().dynamoDb(), TABLE, archive);
        verifier = new AuditChainVerifier(audit, archive);
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void anUntouchedChain_verifies_andAReDeliveredEntryIsNotAppendedTwice() {
        String requestId = chainOfThree();

        assertThat(audit.append(entry(requestId, "APPROVED", "bob", 1, "second"))).isFalse();

        AuditChainVerifier.Report report = verifier.verify(requestId);
        assertThat(report.intact()).as(String.valueOf(report.firstBroken())).isTrue();
        assertThat(report.entries()).isEqualTo(3);
    }

    @Test
    void anEntryOverwrittenWithPutItem_isReportedAsTheFirstBrokenLink() {
        // GIVEN a chain of three entries
        String requestId = chainOfThree();

        // WHEN someone with PutItem rewrites entry 1's detail in place (no condition, same key)
        Map<String, AttributeValue> item = AuditLog.item(audit.chain(requestId).get(1));
        item.put("detail", AttributeValue.fromS("nothing to see"));
        item.put("sourceIp", AttributeValue.fromS("10.0.0.1"));
        aws.clients().dynamoDb().putItem(b -> b.tableName(TABLE).item(item));

        // THEN the verifier names entry 1
        AuditChainVerifier.Report report = verifier.verify(requestId);
        assertThat(report.intact()).isFalse();
        assertThat(report.firstBroken()).get().satisfies(broken -> {
            assertThat(broken.sequence()).isEqualTo(1);
            assertThat(broken.problem()).contains("content does not match its hash");
        });
    }

    @Test
    void aChainRewrittenWithRecomputedHashes_isReportedAgainstTheObjectLockArchive() {
        // GIVEN a chain of three entries, archived
        String requestId = chainOfThree();
        List<AuditLog.ChainedEntry> chain = audit.chain(requestId);

        // WHEN someone rewrites entry 1 and recomputes every hash from there on, so the table alone looks whole
        AuditEntry forged = entry(requestId, "REJECTED", "bob", 1, "changed my mind");
        String hash1 = AuditLog.hash(1, forged, chain.get(0).hash());
        AuditLog.ChainedEntry link1 = new AuditLog.ChainedEntry(1, forged, chain.get(0).hash(), hash1);
        AuditEntry third = chain.get(2).entry();
        AuditLog.ChainedEntry link2 = new AuditLog.ChainedEntry(2, third, hash1, AuditLog.hash(2, third, hash1));
        aws.clients().dynamoDb().putItem(b -> b.tableName(TABLE).item(AuditLog.item(link1)));
        aws.clients().dynamoDb().putItem(b -> b.tableName(TABLE).item(AuditLog.item(link2)));
        // AND tries to overwrite the archive copy too: the bucket keeps the first version
        archiveOverwrite(link1);

        // THEN the verifier reports entry 1: its archived copy was overwritten with other content
        AuditChainVerifier.Report report = verifier.verify(requestId);
        assertThat(report.firstBroken()).get().satisfies(broken -> {
            assertThat(broken.sequence()).isEqualTo(1);
            assertThat(broken.problem()).contains("archived copy");
        });
    }

    @Test
    void theLastEntryDeleted_isReportedFromTheArchive_andTheArchiveRefusesToDeleteItsCopy() {
        String requestId = chainOfThree();

        aws.clients().dynamoDb().deleteItem(b -> b.tableName(TABLE).key(Map.of(
                "requestId", AttributeValue.fromS(requestId), "entry", AttributeValue.fromS("000000000002"))));

        assertThat(verifier.verify(requestId).firstBroken()).get().satisfies(broken -> {
            assertThat(broken.sequence()).isEqualTo(2);
            assertThat(broken.problem()).contains("cut short");
        });
        String key = "approval-audit/" + requestId + "/000000000002.json";
        String version = aws.clients().s3().listObjectVersions(b -> b.bucket(BUCKET).prefix(key)).versions().get(0).versionId();
        assertThatThrownBy(() -> aws.clients().s3().deleteObject(b -> b.bucket(BUCKET).key(key).versionId(version)))
                .isInstanceOf(S3Exception.class);
    }

    @Test
    void anEntryRemovedFromTheMiddle_isReportedAsAGap() {
        String requestId = chainOfThree();

        aws.clients().dynamoDb().deleteItem(b -> b.tableName(TABLE).key(Map.of(
                "requestId", AttributeValue.fromS(requestId), "entry", AttributeValue.fromS("000000000001"))));

        assertThat(new AuditChainVerifier(audit, AuditArchive.NONE).verify(requestId).firstBroken()).get().satisfies(broken -> {
            assertThat(broken.sequence()).isEqualTo(1);
            assertThat(broken.problem()).contains("removed or inserted");
        });
    }

    @Test
    void twoWritersAppendingAtOnce_leaveOneUnbrokenChainWithEveryEntryOnce() throws Exception {
        String requestId = ApprovalRequester.requestIdFor(UUID.randomUUID().toString());
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (String actor : List.of("alice", "bob")) {
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 8; i++) {
                        audit.append(entry(requestId, "VIEWED", actor, i, "view " + i));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> writer : done) {
                writer.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }

        AuditChainVerifier.Report report = verifier.verify(requestId);
        assertThat(report.intact()).as(String.valueOf(report.firstBroken())).isTrue();
        assertThat(audit.entries(requestId)).hasSize(16);
    }

    private static String chainOfThree() {
        String requestId = ApprovalRequester.requestIdFor(UUID.randomUUID().toString());
        assertThat(audit.append(entry(requestId, "REQUESTED", "state-machine", 0, "2 of [alice, bob, carol]"))).isTrue();
        assertThat(audit.append(entry(requestId, "APPROVED", "bob", 1, "second"))).isTrue();
        assertThat(audit.append(entry(requestId, "APPROVED", "alice", 2, null))).isTrue();
        return requestId;
    }

    private static void archiveOverwrite(AuditLog.ChainedEntry link) {
        String key = "approval-audit/" + link.entry().requestId() + "/" + String.format("%012d", link.sequence()) + ".json";
        aws.clients().s3().putObject(b -> b.bucket(BUCKET).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromString("{\"sequence\":1,\"hash\":\"" + link.hash()
                        + "\",\"previousHash\":\"" + link.previousHash() + "\"}"));
    }

    private static AuditEntry entry(String requestId, String event, String actor, int second, String detail) {
        return new AuditEntry(requestId, event, actor, NOW.plusSeconds(second), "INC-3", "withdrawal-resumption",
                "digest", "198.51.100.4", "browser", detail);
    }
}
