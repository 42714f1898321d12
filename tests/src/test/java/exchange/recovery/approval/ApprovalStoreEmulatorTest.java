package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.approval.ApprovalRefused.Reason;
import exchange.recovery.core.CanonicalJson;
import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Json;
import exchange.recovery.local.emulator.Executions;
import exchange.recovery.local.emulator.LocalAws;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The approval service's storage, signing key and notifications against the AWS
 * emulator: the conditional writes that make decisions final and the audit log append-only hold
 * there, not only in mocks.
 */
class ApprovalStoreEmulatorTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static LocalAws aws;
    private static ApprovalStore store;
    private static AuditLog audit;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        createTable("approvals", "requestId", "item", true);
        createTable("approval-audit", "requestId", "entry", false);
        store = new ApprovalStore(aws.clients().dynamoDb(), "approvals");
        audit = new AuditLog(aws.clients().dynamoDb(), "approval-audit");
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void create_twice_keepsTheFirstRequestAndItsToken() {
        assertThat(store.create(request("apr-create"), "token-1")).isTrue();

        assertThat(store.create(request("apr-create"), "token-2")).isFalse();
        assertThat(store.find("apr-create").orElseThrow().taskToken()).isEqualTo("token-1");
    }

    @Test
    void recordDecision_isRefusedForAReusedNonceAnotherApproversNonceASecondDecisionAndADecidedRequest() {
        store.create(request("apr-decide"), "token");
        store.issueNonce("apr-decide", "alice", "n-alice", NOW, NOW.plusSeconds(600));
        store.issueNonce("apr-decide", "alice", "n-alice-2", NOW, NOW.plusSeconds(600));
        store.issueNonce("apr-decide", "bob", "n-bob", NOW, NOW.plusSeconds(600));
        store.recordDecision("apr-decide", decision("alice"), "n-alice", NOW);

        assertRefused(() -> store.recordDecision("apr-decide", decision("alice"), "n-alice-2", NOW), Reason.APPROVER_ALREADY_DECIDED);
        assertRefused(() -> store.recordDecision("apr-decide", decision("bob"), "n-alice", NOW), Reason.FORM_INVALID);
        assertRefused(() -> store.recordDecision("apr-decide", decision("bob"), "n-unknown", NOW), Reason.FORM_INVALID);
        assertThat(store.decisions("apr-decide")).extracting(Decision::approver).containsExactly("alice");

        assertThat(store.finish("apr-decide", ApprovalStatus.APPROVED, NOW, null)).isTrue();
        assertThat(store.finish("apr-decide", ApprovalStatus.REJECTED, NOW, "late")).isFalse();
        assertRefused(() -> store.recordDecision("apr-decide", decision("bob"), "n-bob", NOW), Reason.ALREADY_DECIDED);
        assertThat(store.decisions("apr-decide")).extracting(Decision::approver).containsExactly("alice");
        assertThat(store.find("apr-decide").orElseThrow().request().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void recordDecision_refusesAnExpiredNonce() {
        store.create(request("apr-stale"), "token");
        store.issueNonce("apr-stale", "carol", "n-old", NOW.minusSeconds(120), NOW.minusSeconds(60));

        assertRefused(() -> store.recordDecision("apr-stale", decision("carol"), "n-old", NOW), Reason.FORM_INVALID);
    }

    @Test
    void pendingRequestIds_listsOnlyRequestsStillPending() {
        store.create(request("apr-open"), "token");
        store.create(request("apr-closed"), "token");
        store.finish("apr-closed", ApprovalStatus.EXPIRED, NOW, "test");

        assertThat(store.pendingRequestIds()).contains("apr-open").doesNotContain("apr-closed");
    }

    @Test
    void audit_append_neverOverwritesAnEntry() {
        AuditEntry first = new AuditEntry("apr-audit", AuditEntry.APPROVED, "alice", NOW, "INC-1", "withdrawal-resumption",
                "digest-1", "198.51.100.7", "phone", "first");
        AuditEntry rewrite = new AuditEntry("apr-audit", AuditEntry.APPROVED, "alice", NOW, "INC-1", "withdrawal-resumption",
                "digest-2", "203.0.113.66", "laptop", "rewritten");

        assertThat(audit.append(first)).isTrue();
        assertThat(audit.append(rewrite)).isFalse();

        assertThat(audit.entries("apr-audit")).singleElement().satisfies(entry -> {
            assertThat(entry.detail()).isEqualTo("first");
            assertThat(entry.evidenceDigest()).isEqualTo("digest-1");
            assertThat(entry.sourceIp()).isEqualTo("198.51.100.7");
        });
    }

    @Test
    void signingKey_isReadFromSecretsManager_andAMissingSecretIsAConfigurationError() {
        String arn = aws.clients().secretsManager().createSecret(b -> b.name("approval-key").secretString("x".repeat(64))).arn();

        ApprovalSigner signer = SigningKey.load(aws.clients().secretsManager(), arn);

        assertThat(signer.verifyLink("apr-1", "alice", 5L, new ApprovalSigner("x".repeat(64).getBytes(StandardCharsets.UTF_8))
                .signLink("apr-1", "alice", 5L))).isTrue();
        assertThatThrownBy(() -> SigningKey.load(aws.clients().secretsManager(), "no-such-secret")).isInstanceOf(ConfigurationMissing.class);
    }

    @Test
    void notifications_reachOnlyTheApproverTheyAreFor_throughTheSubscriptionFilterPolicy() {
        String topic = aws.clients().sns().createTopic(b -> b.name("approvals")).topicArn();
        try (SqsClient sqs = aws.clients().configure(SqsClient.builder()).build()) {
            String queue = sqs.createQueue(b -> b.queueName("alice-mail")).queueUrl();
            aws.clients().sns().subscribe(b -> b.topicArn(topic).protocol("sqs")
                    .endpoint("arn:aws:sqs:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":alice-mail")
                    .attributes(Map.of("FilterPolicy", "{\"approver\":[\"alice\"]}")));
            ApprovalNotifier notifier = new ApprovalNotifier(aws.clients().sns(), topic, "https://approve.example.com");
            ApprovalSigner signer = new ApprovalSigner("k".repeat(40).getBytes(StandardCharsets.UTF_8));
            ApprovalRequest request = request("apr-mail");

            for (String approver : request.approvers()) {
                notifier.notify(request, ApprovalLink.issue(signer, "apr-mail", approver, request.expiresAt()));
            }

            List<String> bodies = Executions.await(() -> {
                var messages = sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                return messages.isEmpty() ? null : messages.stream().map(m -> Json.read(m.body()).path("Message").asText()).toList();
            }, Duration.ofSeconds(20), "alice's notification");
            assertThat(bodies).singleElement().asString()
                    .contains("https://approve.example.com/approvals/apr-mail/alice?exp=").doesNotContain("/bob?", "/carol?", "token");
        }
    }

    private static void assertRefused(Runnable call, Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApprovalRefused.class,
                refused -> assertThat(refused.reason()).isEqualTo(reason));
    }

    private static Decision decision(String approver) {
        return new Decision(approver, Verdict.APPROVE, null, NOW, "127.0.0.1", "test");
    }

    private static ApprovalRequest request(String id) {
        JsonNode evidence = Json.read("{\"reconciliation\":{\"passed\":true}}");
        return new ApprovalRequest(id, "INC-1", "withdrawal-resumption", null, null, "Resume", evidence,
                CanonicalJson.sha256(evidence), List.of("alice", "bob", "carol"), 2, NOW, NOW.plusSeconds(3600),
                ApprovalStatus.PENDING, null, null);
    }

    private static void createTable(String name, String hash, String range, boolean pendingIndex) {
        aws.clients().dynamoDb().createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
            if (pendingIndex) {
                b.attributeDefinitions(attribute(hash, ScalarAttributeType.S), attribute(range, ScalarAttributeType.S),
                                attribute("pending", ScalarAttributeType.S), attribute("expiresAt", ScalarAttributeType.N))
                        .globalSecondaryIndexes(index -> index.indexName("pending-index")
                                .keySchema(KeySchemaElement.builder().attributeName("pending").keyType(KeyType.HASH).build(),
                                        KeySchemaElement.builder().attributeName("expiresAt").keyType(KeyType.RANGE).build())
                                .projection(p -> p.projectionType("KEYS_ONLY")));
            } else {
                b.attributeDefinitions(attribute(hash, ScalarAttributeType.S), attribute(range, ScalarAttributeType.S));
            }
        });
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }
}
