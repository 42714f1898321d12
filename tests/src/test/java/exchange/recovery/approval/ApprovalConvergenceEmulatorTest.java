package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.CanonicalJson;
import exchange.recovery.core.Json;
import exchange.recovery.core.TransientFailure;
import exchange.recovery.local.emulator.LocalAws;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What happens between recording a decision and completing the waiting task, against the emulator's
 * DynamoDB: a failure in between (the audit write, the callback) is finished by a retried POST or by the
 * heartbeat; an approval and a rejection that race end REJECTED with the audit saying so; a retried
 * approval task finds the request its first attempt opened. Only the Step Functions callbacks and the
 * notifications are stand-ins (they record what they were asked to do).
 */
class ApprovalConvergenceEmulatorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
    private static final Instant NOW = CLOCK.instant();
    private static final Instant EXPIRES = NOW.plusSeconds(3600);
    private static final ApprovalSigner SIGNER = new ApprovalSigner("convergence-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final ApprovalPolicies POLICIES = ApprovalPolicies.of(
            new ApprovalPolicy("withdrawal-resumption", List.of("alice", "bob", "carol"), 2, 240));

    private static LocalAws aws;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        createTable("approvals", "requestId", "item", true);
        createTable("approval-audit", "requestId", "entry", false);
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void aCallbackThatFailsAfterTheDecisiveApproval_isSaidSo_andTheHeartbeatCompletesTheTask() {
        // GIVEN a pending request that alice approved, and Step Functions failing the next callback
        ApprovalStore store = store();
        AuditLog audit = audit();
        RecordingCallbacks callbacks = new RecordingCallbacks(1);
        ApprovalDesk desk = new ApprovalDesk(POLICIES, store, audit, callbacks, SIGNER, CLOCK);
        ApprovalPageHandler page = new ApprovalPageHandler(desk);
        String requestId = newRequest(store, "task-token-callback");
        assertThat(page.respond(post(requestId, "alice", formOf(desk, requestId, "alice", "APPROVE", null))).status()).isEqualTo(200);

        // WHEN bob's decisive approval is recorded but the callback fails
        HttpResponse bob = page.respond(post(requestId, "bob", formOf(desk, requestId, "bob", "APPROVE", null)));

        // THEN the page says his approval was recorded (not "nothing was recorded"), and the task still waits
        assertThat(bob.status()).isNotEqualTo(503);
        assertThat(bob.body()).contains("bob, your approval was recorded").doesNotContain("Nothing was recorded");
        assertThat(callbacks.delivered()).isEmpty();

        // WHEN the heartbeat runs
        new ApprovalHeartbeat(store, audit, callbacks, CLOCK).beat();

        // THEN the waiting task got the approval, once, and the request is complete and audited
        assertThat(callbacks.delivered()).containsExactly("succeed:task-token-callback");
        StoredRequest stored = store.find(requestId).orElseThrow();
        assertThat(stored.request().status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(stored.taskCompleted()).isTrue();
        assertThat(events(audit, requestId)).contains("APPROVED:alice", "APPROVED:bob", "REQUEST_APPROVED:approval-service");
        new ApprovalHeartbeat(store, audit, callbacks, CLOCK).beat();
        assertThat(callbacks.delivered()).as("a completed task is not called again").hasSize(1);
    }

    @Test
    void anAuditWriteThatFailsAfterTheDecisionIsRecorded_isFinishedByARetryOfTheSamePost() {
        // GIVEN alice approved, and the audit table fails bob's decision line once
        ApprovalStore store = store();
        FailingAudit audit = new FailingAudit("APPROVED", "bob");
        RecordingCallbacks callbacks = new RecordingCallbacks(0);
        ApprovalDesk desk = new ApprovalDesk(POLICIES, store, audit, callbacks, SIGNER, CLOCK);
        ApprovalPageHandler page = new ApprovalPageHandler(desk);
        String requestId = newRequest(store, "task-token-audit");
        page.respond(post(requestId, "alice", formOf(desk, requestId, "alice", "APPROVE", null)));
        String bobsForm = formOf(desk, requestId, "bob", "APPROVE", null);

        // WHEN bob's POST records his decision and then fails on the audit
        HttpResponse first = page.respond(post(requestId, "bob", bobsForm));
        assertThat(first.body()).contains("bob, your approval was recorded").doesNotContain("Nothing was recorded");
        assertThat(callbacks.delivered()).isEmpty();

        // AND his browser sends the same form again
        HttpResponse retry = page.respond(post(requestId, "bob", bobsForm));

        // THEN the retry finishes what the first POST started: audited, approved, task resumed
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.body()).contains("You decided APPROVE");
        assertThat(events(audit, requestId)).contains("APPROVED:alice", "APPROVED:bob", "REQUEST_APPROVED:approval-service");
        assertThat(store.find(requestId).orElseThrow().request().status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(callbacks.delivered()).containsExactly("succeed:task-token-audit");
    }

    @Test
    void anApprovalAndARejectionRacing_endRejected_andTheAuditSaysTheRejectionWon() throws Exception {
        // GIVEN alice approved; bob's approval (the second, decisive) and carol's rejection now race.
        // The seam makes the worst interleaving certain: bob reads two approvals and no rejection, carol's
        // rejection is recorded, then bob tries to close the request, then carol does.
        AuditLog audit = audit();
        RecordingCallbacks callbacks = new RecordingCallbacks(0);
        CountDownLatch bobAboutToFinish = new CountDownLatch(1);
        CountDownLatch rejectionRecorded = new CountDownLatch(1);
        CountDownLatch approvalTriedToFinish = new CountDownLatch(1);
        InterleavingStore bobsStore = new InterleavingStore();
        bobsStore.beforeFirstFinish = () -> {
            bobAboutToFinish.countDown();
            await(rejectionRecorded);
        };
        bobsStore.afterFirstFinish = approvalTriedToFinish::countDown;
        InterleavingStore carolsStore = new InterleavingStore();
        carolsStore.beforeRecord = () -> await(bobAboutToFinish);
        carolsStore.afterRecord = rejectionRecorded::countDown;
        carolsStore.beforeFirstFinish = () -> await(approvalTriedToFinish);
        ApprovalDesk bobsDesk = new ApprovalDesk(POLICIES, bobsStore, audit, callbacks, SIGNER, CLOCK);
        ApprovalDesk carolsDesk = new ApprovalDesk(POLICIES, carolsStore, audit, callbacks, SIGNER, CLOCK);
        String requestId = newRequest(store(), "task-token-race");
        ApprovalDesk alicesDesk = new ApprovalDesk(POLICIES, store(), audit, callbacks, SIGNER, CLOCK);
        alicesDesk.decide(post(requestId, "alice", formOf(alicesDesk, requestId, "alice", "APPROVE", null)));
        String bobsForm = formOf(bobsDesk, requestId, "bob", "APPROVE", null);
        String carolsForm = formOf(carolsDesk, requestId, "carol", "REJECT", "cold wallet balance unexplained");

        // WHEN both POST at once
        ExecutorService deciders = Executors.newFixedThreadPool(2);
        try {
            Future<PageView> bob = deciders.submit(() -> bobsDesk.decide(post(requestId, "bob", bobsForm)));
            Future<PageView> carol = deciders.submit(() -> carolsDesk.decide(post(requestId, "carol", carolsForm)));
            bob.get(60, TimeUnit.SECONDS);
            carol.get(60, TimeUnit.SECONDS);
        } finally {
            deciders.shutdownNow();
        }
        new ApprovalHeartbeat(store(), audit, callbacks, CLOCK).beat();

        // THEN the request is REJECTED, the execution was failed and never resumed
        ApprovalStore store = store();
        assertThat(store.find(requestId).orElseThrow().request().status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(store.decisions(requestId)).extracting(d -> d.approver() + ":" + d.verdict())
                .containsExactlyInAnyOrder("alice:APPROVE", "bob:APPROVE", "carol:REJECT");
        assertThat(callbacks.delivered()).contains("reject:task-token-race").doesNotContain("succeed:task-token-race");
        // AND the audit says what happened: both approvals, the rejection, and that the rejection won
        List<AuditEntry> entries = audit.entries(requestId);
        assertThat(entries).extracting(e -> e.event() + ":" + e.actor())
                .contains("APPROVED:alice", "APPROVED:bob", "REJECTED:carol", "REQUEST_REJECTED:approval-service")
                .doesNotContain("REQUEST_APPROVED:approval-service");
        assertThat(entries).filteredOn(e -> e.event().equals("REQUEST_REJECTED")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("cold wallet balance unexplained", "carol"));
    }

    @Test
    void aRejectionArrivingAfterTheRequestWasApproved_isRefusedAndAuditedAsSuch() {
        ApprovalStore store = store();
        AuditLog audit = audit();
        RecordingCallbacks callbacks = new RecordingCallbacks(0);
        ApprovalDesk desk = new ApprovalDesk(POLICIES, store, audit, callbacks, SIGNER, CLOCK);
        String requestId = newRequest(store, "task-token-late");
        String carolsForm = formOf(desk, requestId, "carol", "REJECT", "too late");
        desk.decide(post(requestId, "alice", formOf(desk, requestId, "alice", "APPROVE", null)));
        desk.decide(post(requestId, "bob", formOf(desk, requestId, "bob", "APPROVE", null)));

        PageView late = desk.decide(post(requestId, "carol", carolsForm));

        assertThat(late).isInstanceOfSatisfying(PageView.Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(ApprovalRefused.Reason.ALREADY_DECIDED));
        assertThat(store.find(requestId).orElseThrow().request().status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(store.decisions(requestId)).extracting(Decision::approver).doesNotContain("carol");
        assertThat(audit.entries(requestId)).filteredOn(e -> e.event().equals("REFUSED") && e.actor().equals("carol"))
                .singleElement().satisfies(e -> assertThat(e.detail()).contains("REJECT arrived after", "APPROVED"));
    }

    @Test
    void aRetriedApprovalTaskInTheSameExecution_findsTheSameRequest_andNobodyIsNotifiedTwice() {
        // GIVEN the approval task of one execution, delivered twice with two tokens (Step Functions retried it)
        ApprovalStore store = store();
        CountingNotifier notifier = new CountingNotifier();
        ApprovalRequester requester = new ApprovalRequester(POLICIES, store, audit(), notifier, SIGNER, CLOCK);
        String execution = "arn:aws:states:us-east-1:123456789012:execution:approval:" + UUID.randomUUID();

        // WHEN both attempts run
        RequestApprovalResult first = requester.request(input("token-first-" + execution, execution));
        RequestApprovalResult second = requester.request(input("token-second-" + execution, execution));

        // THEN there is one request, its links went out once, and the live attempt's token is the one stored
        assertThat(second.requestId()).isEqualTo(first.requestId());
        assertThat(notifier.sent).containsExactlyInAnyOrder(first.requestId() + ":alice", first.requestId() + ":bob",
                first.requestId() + ":carol");
        assertThat(store.find(first.requestId()).orElseThrow().taskToken()).isEqualTo("token-second-" + execution);
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** An ApprovalStore on the emulator with hooks around the steps two deciders can interleave. */
    private static final class InterleavingStore extends ApprovalStore {
        Runnable beforeRecord = () -> { };
        Runnable afterRecord = () -> { };
        Runnable beforeFirstFinish = () -> { };
        Runnable afterFirstFinish = () -> { };
        private final AtomicInteger finishes = new AtomicInteger();

        InterleavingStore() {
            super(aws.clients().dynamoDb(), "approvals");
        }

        @Override
        public void recordDecision(String requestId, Decision decision, String nonce, Instant now) {
            beforeRecord.run();
            super.recordDecision(requestId, decision, nonce, now);
            afterRecord.run();
        }

        @Override
        public boolean finish(String requestId, ApprovalStatus status, Instant at, String reason) {
            boolean first = finishes.getAndIncrement() == 0;
            if (first) {
                beforeFirstFinish.run();
            }
            try {
                return super.finish(requestId, status, at, reason);
            } finally {
                if (first) {
                    afterFirstFinish.run();
                }
            }
        }
    }

    /** Step Functions callbacks that record what they were asked, failing the first {@code failures} calls. */
    private static final class RecordingCallbacks extends TaskCallbacks {
        private final AtomicInteger failuresLeft;
        private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());

        RecordingCallbacks(int failures) {
            super(aws.clients().stepFunctions());
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public Delivery succeed(String taskToken, String outputJson) {
            return deliver("succeed:" + taskToken);
        }

        @Override
        public Delivery reject(String taskToken, String cause) {
            return deliver("reject:" + taskToken);
        }

        @Override
        public Delivery heartbeat(String taskToken) {
            return Delivery.DELIVERED;
        }

        private Delivery deliver(String call) {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new TransientFailure("Step Functions did not take the task callback");
            }
            delivered.add(call);
            return Delivery.DELIVERED;
        }

        List<String> delivered() {
            return List.copyOf(delivered);
        }
    }

    /** The real audit log on the emulator, failing one given event by one given actor once. */
    private static final class FailingAudit extends AuditLog {
        private final String event;
        private final String actor;
        private final AtomicInteger failuresLeft = new AtomicInteger(1);

        FailingAudit(String event, String actor) {
            super(aws.clients().dynamoDb(), "approval-audit");
            this.event = event;
            this.actor = actor;
        }

        @Override
        public boolean append(AuditEntry entry) {
            if (entry.event().equals(event) && entry.actor().equals(actor) && failuresLeft.getAndDecrement() > 0) {
                throw new TransientFailure("Could not append to the approval audit log for " + entry.requestId());
            }
            return super.append(entry);
        }
    }

    private static final class CountingNotifier extends ApprovalNotifier {
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());

        CountingNotifier() {
            super(aws.clients().sns(), "arn:aws:sns:us-east-1:123456789012:unused", "https://approve.example.com");
        }

        @Override
        public void notify(ApprovalRequest request, ApprovalLink link) {
            sent.add(request.requestId() + ":" + link.approver());
        }
    }

    private static ApprovalStore store() {
        return new ApprovalStore(aws.clients().dynamoDb(), "approvals");
    }

    private static AuditLog audit() {
        return new AuditLog(aws.clients().dynamoDb(), "approval-audit");
    }

    private static String newRequest(ApprovalStore store, String token) {
        String requestId = ApprovalRequester.requestIdFor(token + UUID.randomUUID());
        JsonNode evidence = Json.read("{\"reconciliation\":{\"passed\":true}}");
        assertThat(store.create(new ApprovalRequest(requestId, "INC-9", "withdrawal-resumption", null, null, "Resume withdrawals",
                evidence, CanonicalJson.sha256(evidence), List.of("alice", "bob", "carol"), 2, NOW, EXPIRES,
                ApprovalStatus.PENDING, null, null), token)).isTrue();
        return requestId;
    }

    /** The form body a GET of the approver's genuine link renders. */
    private static String formOf(ApprovalDesk desk, String requestId, String approver, String decision, String reason) {
        PageView view = desk.view(http("GET", requestId, approver, null));
        assertThat(view).isInstanceOf(PageView.DecisionForm.class);
        PageView.DecisionForm form = (PageView.DecisionForm) view;
        String body = "nonce=" + form.nonce() + "&csrf=" + form.csrfToken() + "&decision=" + decision;
        return reason == null ? body : body + "&reason=" + java.net.URLEncoder.encode(reason, StandardCharsets.UTF_8);
    }

    private static HttpRequest post(String requestId, String approver, String body) {
        return http("POST", requestId, approver, body);
    }

    private static HttpRequest http(String method, String requestId, String approver, String body) {
        long exp = EXPIRES.getEpochSecond();
        Map<String, String> query = new HashMap<>();
        query.put("exp", Long.toString(exp));
        query.put("sig", SIGNER.signLink(requestId, approver, exp));
        return new HttpRequest(method, "/approvals/" + requestId + "/" + approver,
                Map.of("requestId", requestId, "approver", approver), query, Map.of("user-agent", "test/" + approver),
                Map.of(), body, "192.0.2.10", "test/" + approver, true);
    }

    private static RequestApprovalInput input(String token, String executionId) {
        return Json.convert(Json.read(Json.write(Map.of("taskToken", token, "executionId", executionId, "incidentId", "INC-9",
                "approvalType", "withdrawal-resumption", "summary", "Resume withdrawals",
                "evidence", Map.of("reconciliation", Map.of("passed", true)), "expiresInSeconds", 3600))), RequestApprovalInput.class);
    }

    private static List<String> events(AuditLog audit, String requestId) {
        return audit.entries(requestId).stream().map(e -> e.event() + ":" + e.actor()).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            // Bounded: if the other decider never reaches its step, the test still ends (and its assertions judge).
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
