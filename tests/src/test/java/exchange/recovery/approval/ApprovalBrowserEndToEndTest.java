package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.SampleExchange;
import exchange.recovery.local.deploy.DeployedStack;
import exchange.recovery.local.emulator.Executions;
import exchange.recovery.local.emulator.LocalAws;
import exchange.recovery.local.emulator.LocalHttpApi;
import exchange.recovery.local.deploy.StackDeployer;
import exchange.recovery.local.template.SamTemplate;
import exchange.recovery.hold.DynamoDbHoldStore;
import exchange.recovery.hold.FlagState;
import exchange.recovery.hold.Holds;
import exchange.recovery.wallet.WithdrawalGate;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Withdrawals resume only when people approve in a real browser: the withdrawal-resumption plan
 * (deployed from template.yaml into the local emulator, its Lambdas served in-process) reconciles the
 * wallet against PostgreSQL, asks for approval through the approval sub-state-machine, and waits. The
 * links are read from the approval notifications (SNS to SQS) and opened in headless Chromium through
 * an HTTP API that turns requests into API Gateway events for the page function. Every attack leaves
 * the request, its decisions, the execution and the withdrawal flag as they were.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalBrowserEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/approvals/(apr-[0-9a-f]+)/([a-z]+)\\?exp=(\\d+)&sig=([A-Za-z0-9_-]+))");

    private static LocalPostgres postgres;
    private static LocalAws aws;
    private static LocalHttpApi api;
    private static DeployedStack stack;
    private static Executions executions;
    private static SqsClient sqs;
    private static String approvalsQueue;
    private static String notificationsQueue;
    private static BrowserDriver browser;
    private static ApprovalStore approvals;
    private static AuditLog audit;
    private static Holds holds;
    private static Path screenshots;

    @BeforeAll
    static void deploy() throws Exception {
        postgres = LocalPostgres.start();
        try (Connection connection = postgres.connect()) {
            SampleExchange.load(connection, 200);
        }
        aws = LocalAws.start();
        api = LocalHttpApi.start();
        stack = new StackDeployer(aws, "exchange-recovery",
                Map.of("StaticChainBalances", Json.write(Map.of(
                        "BTC", Map.of("bc1q-hot-wallet", hotWalletOwes("BTC")),
                        "ETH", Map.of("0xhotwallet", hotWalletOwes("ETH")),
                        "USDT", Map.of("0xhotwallet", hotWalletOwes("USDT"))))),
                Map.of("APPROVAL_BASE_URL", api.url(), "EXCHANGE_DB_URL", postgres.jdbcUrl(), "EXCHANGE_DB_USER", postgres.user(),
                        "EXCHANGE_DB_SSLMODE", "disable"))
                .deploy(SamTemplate.load(Path.of("template.yaml")));
        api.route("ANY", "/approvals/{requestId}/{approver}",
                LocalHttpApi.lambda(aws.lambdas(), stack.functionName("ApprovalPageFunction")));
        executions = new Executions(aws.clients().stepFunctions());
        sqs = aws.clients().configure(SqsClient.builder()).build();
        approvalsQueue = subscribedQueue("approvals", stack.physicalId("ApprovalTopic"));
        notificationsQueue = subscribedQueue("notifications", stack.physicalId("NotificationTopic"));
        approvals = new ApprovalStore(aws.clients().dynamoDb(), stack.physicalId("ApprovalTable"));
        audit = new AuditLog(aws.clients().dynamoDb(), stack.physicalId("ApprovalAuditTable"));
        holds = new Holds(new DynamoDbHoldStore(aws.clients().dynamoDb(), stack.physicalId("HoldTable")), java.time.Clock.systemUTC());
        browser = BrowserDriver.start();
        screenshots = Files.createDirectories(Path.of("tests/target/screenshots"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (api != null) {
            api.close();
        }
        if (aws != null) {
            aws.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void withdrawalsResume_onlyAfterTwoDistinctApproversApproveInTheBrowser_andEveryAttackChangesNothing() throws Exception {
        // GIVEN withdrawals paused for the incident, and the resumption plan waiting for approval
        pause("INC-42");
        String execution = startResumption("INC-42");
        Map<String, Link> links = awaitLinks("INC-42", 3);
        assertThat(links).containsOnlyKeys("alice", "bob", "carol");
        String requestId = links.get("alice").requestId();
        State waiting = state(requestId, execution);
        assertThat(waiting.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(waiting.execution()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(waiting.withdrawalsPaused()).isTrue();

        // A mail scanner fetching both links (GET only) decides nothing
        assertThat(browser.open("mail-scanner", links.get("alice").url()).status()).isEqualTo(200);
        assertThat(browser.open("mail-scanner", links.get("bob").url()).status()).isEqualTo(200);
        assertThat(state(requestId, execution)).as("after a GET-only prefetch of both links").isEqualTo(waiting);

        // A tampered signature, and a valid signature moved to another approver's path
        refused(browser.open("mallory", links.get("alice").url().replace("&sig=" + links.get("alice").sig(),
                "&sig=" + tamper(links.get("alice").sig()))), 403, "TAMPERED");
        refused(browser.open("mallory", links.get("alice").url().replace("/alice?", "/bob?")), 403, "TAMPERED");
        // An expired link (genuinely signed, but its time is over)
        refused(browser.open("alice", expiredLink(requestId, "alice")), 410, "EXPIRED");
        assertThat(state(requestId, execution)).as("after tampered and expired links").isEqualTo(waiting);

        // WHEN alice opens her link, sees the evidence and approves
        BrowserDriver.Page alicePage = browser.open("alice", links.get("alice").url());
        assertThat(alicePage.status()).isEqualTo(200);
        assertThat(alicePage.hasForm()).isTrue();
        assertThat(alicePage.request()).contains("INC-42", "withdrawal-resumption", "deposits-withdrawals");
        assertThat(alicePage.evidence()).contains("BTC", "ETH", "USDT", "bc1q-hot-wallet", "ledger liabilities", "on chain", "yes");
        browser.screenshot("alice", screenshots.resolve("approval-page.png"));
        Map<String, String> aliceForm = browser.captureForm("alice");
        BrowserDriver.Page aliceDone = browser.approve("alice");
        assertThat(aliceDone.status()).isEqualTo(200);
        assertThat(aliceDone.outcome()).contains("alice, your approval was recorded", "1 of 2");

        // THEN one decision is recorded and audited, and the plan still waits
        State oneApproval = state(requestId, execution);
        assertThat(oneApproval.decisions()).containsExactly("alice:APPROVE");
        assertThat(oneApproval.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(oneApproval.execution()).isEqualTo(ExecutionStatus.RUNNING);
        AuditEntry aliceEntry = audit.entries(requestId).stream().filter(e -> e.event().equals(AuditEntry.APPROVED)).findFirst().orElseThrow();
        assertThat(aliceEntry.actor()).isEqualTo("alice");
        assertThat(aliceEntry.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(aliceEntry.userAgent()).isEqualTo("approval-test/alice");
        assertThat(aliceEntry.evidenceDigest()).isEqualTo(approvals.find(requestId).orElseThrow().request().evidenceDigest()).hasSize(64);

        // The same person approving twice: a second visit, and a replay of her used form
        refused(browser.open("alice", links.get("alice").url()), 409, "APPROVER_ALREADY_DECIDED");
        refused(browser.postForm("alice", links.get("alice").url(), aliceForm), 409, "APPROVER_ALREADY_DECIDED");
        // Another approver's link used by someone else: alice's browser opening bob's link
        refused(browser.open("alice", links.get("bob").url()), 403, "OTHER_APPROVER");
        // A POST without the form's anti-CSRF value, and alice's form posted to bob's link
        assertThat(browser.open("bob", links.get("bob").url()).status()).isEqualTo(200);
        refused(browser.approveWithoutCsrf("bob"), 403, "FORM_INVALID");
        refused(browser.postForm("bob", links.get("bob").url(), aliceForm), 403, "FORM_INVALID");
        assertThat(state(requestId, execution)).as("after the attacks").isEqualTo(oneApproval);

        // WHEN bob, a second distinct approver, approves
        assertThat(browser.open("bob", links.get("bob").url()).hasForm()).isTrue();
        BrowserDriver.Page bobDone = browser.approve("bob");
        assertThat(bobDone.outcome()).contains("now approved");
        browser.screenshot("bob", screenshots.resolve("approval-recorded.png"));

        // THEN the waiting execution resumes with the decision record and withdrawals resume
        DescribeExecutionResponse done = executions.awaitEnd(execution, TIMEOUT);
        assertThat(done.status()).as(executions.firstFailure(execution).orElse("no failure")).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.read(done.output());
        assertThat(output.at("/approval/record/approvals")).extracting(node -> node.path("approver").asText())
                .containsExactlyInAnyOrder("alice", "bob");
        assertThat(output.at("/approval/record/evidenceDigest").asText()).isEqualTo(aliceEntry.evidenceDigest());
        FlagState resumed = flag();
        assertThat(resumed.held()).isFalse();
        assertThat(resumed.lastToken()).isEqualTo(requestId);
        assertThat(audit.entries(requestId)).extracting(AuditEntry::event)
                .contains(AuditEntry.REQUESTED, AuditEntry.APPROVED, AuditEntry.REQUEST_APPROVED);

        // AND replaying after the decision changes nothing
        State decided = state(requestId, execution);
        refused(browser.postForm("alice", links.get("alice").url(), aliceForm), 409, "ALREADY_DECIDED");
        refused(browser.open("carol", links.get("carol").url()), 409, "ALREADY_DECIDED");
        assertThat(state(requestId, execution)).as("after replays").isEqualTo(decided);
        assertThat(decided.decisions()).containsExactlyInAnyOrder("alice:APPROVE", "bob:APPROVE");

        // AND the audit holds the views and the refusals too, as an unbroken chain matching its Object Lock archive
        assertThat(audit.entries(requestId)).extracting(e -> e.event() + ":" + e.actor())
                .contains("VIEWED:alice", "VIEWED:bob", "REFUSED:bob", "REFUSED:alice", "TASK_COMPLETED:approval-service");
        assertThat(audit.entries(requestId)).filteredOn(e -> e.event().equals(AuditEntry.REFUSED))
                .extracting(AuditEntry::detail).anySatisfy(detail -> assertThat(detail).contains("TAMPERED"))
                .anySatisfy(detail -> assertThat(detail).contains("FORM_INVALID"));
        AuditArchive archive = new AuditArchive.S3(aws.clients().s3(), stack.physicalId("ApprovalAuditBucket"));
        AuditChainVerifier.Report report = new AuditChainVerifier(audit, archive).verify(requestId);
        assertThat(report.intact()).as(String.valueOf(report.firstBroken())).isTrue();
        assertThat(archive.archived(requestId)).hasSize(report.entries());
    }

    @Test
    @Order(2)
    void rejection_failsTheApprovalAndWithdrawalsStayPaused() {
        pause("INC-44");
        String execution = startResumption("INC-44");
        Map<String, Link> links = awaitLinks("INC-44", 3);

        browser.open("carol", links.get("carol").url());
        BrowserDriver.Page noReason = browser.reject("carol", " ");
        assertThat(noReason.status()).as("the browser refuses an empty required field, or the page does").isIn(0, 200, 400);
        browser.open("carol", links.get("carol").url());
        BrowserDriver.Page rejected = browser.reject("carol", "Hot wallet still syncing");

        assertThat(rejected.outcome()).contains("rejected");
        DescribeExecutionResponse done = executions.awaitEnd(execution, TIMEOUT);
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("WithdrawalsStayPaused");
        DescribeExecutionResponse approval = executions.list(stack.stateMachine("ApprovalStateMachine")).stream()
                .map(item -> aws.clients().stepFunctions().describeExecution(b -> b.executionArn(item.executionArn())))
                .filter(child -> child.input().contains("INC-44")).findFirst().orElseThrow();
        assertThat(approval.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(approval.error()).isEqualTo("ApprovalRejected");
        assertThat(audit.entries(links.get("carol").requestId())).filteredOn(e -> e.event().equals(AuditEntry.REJECTED))
                .singleElement().satisfies(entry -> assertThat(entry.detail()).isEqualTo("Hot wallet still syncing"));
        assertThat(flag().held()).isTrue();
        assertThat(flag().heldBy("INC-44")).isTrue();
        release("INC-44");
    }

    @Test
    @Order(3)
    void reconciliationMismatch_keepsWithdrawalsPausedAndListsTheOffenders() throws Exception {
        pause("INC-43");
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE balances SET available = available + 0.5 WHERE account_id = 1007 AND asset_code = 'BTC'");
        }
        try {
            String execution = startResumption("INC-43");

            DescribeExecutionResponse done = executions.awaitEnd(execution, TIMEOUT);

            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).isEqualTo("ReconciliationFailed");
            JsonNode notice = awaitNotification("RECONCILIATION_FAILED", "INC-43");
            assertThat(notice.path("offenders").get(0).path("accountId").asLong()).isEqualTo(1007);
            assertThat(notice.path("offenders").get(0).path("difference").asText()).isEqualTo("0.5");
            assertThat(notice.path("problems").toString()).contains("BTC");
            FlagState state = flag();
            assertThat(state.held()).isTrue();
            assertThat(state.heldBy("INC-43")).isTrue();
            assertThat(links("INC-43")).as("no approval is asked for on a failed reconciliation").isEmpty();
        } finally {
            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE balances SET available = available - 0.5 WHERE account_id = 1007 AND asset_code = 'BTC'");
            }
        }
    }

    @Test
    @Order(4)
    void approvalNotDecidedInTime_escalatesAndFailsWithApprovalExpired() {
        // GIVEN the approval sub-state-machine with its expiry shortened to 6 seconds (heartbeat 4 seconds)
        String definition = readApprovalDefinition()
                .replace("\"TimeoutSeconds\": 3600", "\"TimeoutSeconds\": 6")
                .replace("\"HeartbeatSeconds\": 900", "\"HeartbeatSeconds\": 4")
                .replace("\"expiresInSeconds\": 3600", "\"expiresInSeconds\": 6")
                .replace("${RequestApprovalFunctionArn}", stack.arn("RequestApprovalFunction") + ":live")
                .replace("${EscalationTopicArn}", stack.physicalId("NotificationTopic"));
        String machine = aws.clients().stepFunctions().createStateMachine(b -> b.name("approval-expiring")
                .definition(definition).roleArn("arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/approval")).stateMachineArn();

        // WHEN nobody decides, while the scheduled heartbeat keeps the wait alive
        String execution = aws.clients().stepFunctions().startExecution(b -> b.stateMachineArn(machine).name("expiring-1")
                .input(Json.write(Map.of("incidentId", "INC-45", "approvalType", "withdrawal-resumption",
                        "summary", "Resume withdrawals", "evidence", Map.of("note", "nothing"))))).executionArn();
        Map<String, Link> links = awaitLinks("INC-45", 3);
        DescribeExecutionResponse done = Executions.await(() -> {
            var heartbeat = aws.lambdas().invoke(stack.functionName("ApprovalHeartbeatFunction"), "{}");
            assertThat(heartbeat.failed()).as(heartbeat.payload()).isFalse();
            DescribeExecutionResponse now = aws.clients().stepFunctions().describeExecution(b -> b.executionArn(execution));
            return now.status() == ExecutionStatus.RUNNING ? null : now;
        }, TIMEOUT, "the expiring approval to end");

        // THEN the timeout path escalates to on-call and fails with ApprovalExpired
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("ApprovalExpired");
        assertThat(awaitNotification("APPROVAL_EXPIRED", "INC-45").path("error").asText()).isEqualTo("States.Timeout");
        // AND the links now say so, and the heartbeat closes the request
        refused(browser.open("dave", links.get("alice").url()), 410, "EXPIRED");
        assertThat(aws.lambdas().invoke(stack.functionName("ApprovalHeartbeatFunction"), "{}").failed()).isFalse();
        String requestId = links.get("alice").requestId();
        assertThat(approvals.find(requestId).orElseThrow().request().status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(audit.entries(requestId)).extracting(AuditEntry::event).contains(AuditEntry.REQUEST_EXPIRED);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private record Link(String url, String requestId, String approver, String sig) {
    }

    /** What an attack must not change: the request's status, its decisions, the execution, the flag. */
    private record State(ApprovalStatus status, List<String> decisions, ExecutionStatus execution, boolean withdrawalsPaused) {
    }

    private static State state(String requestId, String executionArn) {
        StoredRequest stored = approvals.find(requestId).orElseThrow();
        List<String> decisions = approvals.decisions(requestId).stream().map(d -> d.approver() + ":" + d.verdict()).sorted().toList();
        ExecutionStatus execution = aws.clients().stepFunctions().describeExecution(b -> b.executionArn(executionArn)).status();
        return new State(stored.request().status(), decisions, execution, flag().held());
    }

    private static void refused(BrowserDriver.Page page, int status, String reason) {
        assertThat(page.status()).as("HTTP status of %s (%s)", page.url(), page.refusal()).isEqualTo(status);
        assertThat(page.reason()).isEqualTo(reason);
        assertThat(page.refusal()).contains("Nothing was changed");
        assertThat(page.hasForm()).isFalse();
    }

    private static void pause(String incidentId) {
        var result = aws.lambdas().invoke(stack.functionName("WithdrawalGateFunction"), Json.write(Map.of(
                "action", "PAUSE", "incidentId", incidentId, "actor", "oncall", "reason", "wallet failover")));
        assertThat(result.failed()).as(result.payload()).isFalse();
        assertThat(flag().heldBy(incidentId)).isTrue();
    }

    private static FlagState flag() {
        return holds.status(WithdrawalGate.FLAG);
    }

    /** Releases a test incident's hold directly on the flag (the gate itself never resumes without approval). */
    private static void release(String incidentId) {
        holds.release(WithdrawalGate.FLAG, incidentId, "test", "test release", null, null);
    }

    private static String startResumption(String incidentId) {
        return aws.clients().stepFunctions().startExecution(b -> b
                .stateMachineArn(stack.stateMachine("WithdrawalResumptionStateMachine"))
                .name("resume-" + incidentId)
                .input(Json.write(Map.of("incidentId", incidentId)))).executionArn();
    }

    private static final Map<String, List<JsonNode>> RECEIVED = new LinkedHashMap<>();

    /** Every SNS notification that reached {@code queueUrl} so far (kept, since reading consumes them). */
    private static List<JsonNode> drain(String queueUrl) {
        List<JsonNode> received = RECEIVED.computeIfAbsent(queueUrl, ignored -> new ArrayList<>());
        List<Message> messages;
        do {
            messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message message : messages) {
                received.add(Json.read(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        } while (!messages.isEmpty());
        return received;
    }

    private static Map<String, Link> links(String incidentId) {
        Map<String, Link> links = new LinkedHashMap<>();
        for (JsonNode envelope : drain(approvalsQueue)) {
            if (!incidentId.equals(envelope.at("/MessageAttributes/incidentId/Value").asText())) {
                continue;
            }
            Matcher matcher = LINK.matcher(envelope.path("Message").asText());
            assertThat(matcher.find()).as("a link in %s", envelope.path("Message").asText()).isTrue();
            assertThat(envelope.at("/MessageAttributes/approver/Value").asText()).isEqualTo(matcher.group(3));
            links.put(matcher.group(3), new Link(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(5)));
        }
        return links;
    }

    private static Map<String, Link> awaitLinks(String incidentId, int count) {
        return Executions.await(() -> {
            Map<String, Link> links = links(incidentId);
            return links.size() >= count ? links : null;
        }, TIMEOUT, count + " approval links for " + incidentId);
    }

    private static JsonNode awaitNotification(String event, String incidentId) {
        return Executions.await(() -> drain(notificationsQueue).stream()
                .map(envelope -> Json.read(envelope.path("Message").asText()))
                .filter(message -> event.equals(message.path("event").asText()) && incidentId.equals(message.path("incidentId").asText()))
                .findFirst().orElse(null), TIMEOUT, event + " for " + incidentId);
    }

    private static String subscribedQueue(String name, String topicArn) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String arn = "arn:aws:sqs:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":" + name;
        aws.clients().sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn));
        return url;
    }

    /** A link the approval service could have issued earlier, signed with the deployed key, already expired. */
    private static String expiredLink(String requestId, String approver) {
        String key = aws.clients().secretsManager().getSecretValue(b -> b.secretId(stack.physicalId("ApprovalSigningSecret"))).secretString();
        ApprovalSigner signer = new ApprovalSigner(key.getBytes(StandardCharsets.UTF_8));
        return ApprovalLink.issue(signer, requestId, approver, Instant.now().minusSeconds(60)).url(api.url());
    }

    private static String tamper(String signature) {
        char first = signature.charAt(0);
        return (first == 'A' ? 'B' : 'A') + signature.substring(1);
    }

    private static String hotWalletOwes(String asset) throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT -sum(amount) FROM ledger_entries WHERE account_id = 1 AND asset_code = '" + asset + "'")) {
            rows.next();
            return rows.getBigDecimal(1).stripTrailingZeros().toPlainString();
        }
    }

    private static String readApprovalDefinition() {
        try {
            return Files.readString(Path.of("statemachines/approval.asl.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
