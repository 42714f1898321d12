package exchange.recovery.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.approval.ApprovalRecords;
import exchange.recovery.approval.ApprovalUseAudit;
import exchange.recovery.approval.AuditArchive;
import exchange.recovery.approval.AuditChainVerifier;
import exchange.recovery.approval.AuditEntry;
import exchange.recovery.approval.AuditLog;
import exchange.recovery.approval.ApprovalRequest;
import exchange.recovery.approval.ApprovalStatus;
import exchange.recovery.approval.ApprovalStore;
import exchange.recovery.approval.Decision;
import exchange.recovery.approval.DecisionRecord;
import exchange.recovery.approval.Verdict;
import exchange.recovery.core.CanonicalJson;
import exchange.recovery.core.Json;
import exchange.recovery.core.SecurityAlerts;
import exchange.recovery.hold.DynamoDbHoldStore;
import exchange.recovery.hold.Hold;
import exchange.recovery.hold.Holds;
import exchange.recovery.hold.InvalidHold;
import exchange.recovery.local.emulator.LocalAws;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The withdrawal gate with its real stores on the AWS emulator: approvals verified in the approval
 * table, the flag and the spent approvals in the hold table. An approval resumes withdrawals once.
 */
class WithdrawalGateEmulatorTest {

    private static final JsonNode REPORT = Json.read("{\"passed\":true,\"assets\":[],\"problems\":[]}");
    private static LocalAws aws;
    private static ApprovalStore approvals;
    private static Holds holds;
    private static WithdrawalGate gate;
    private static AuditLog audit;
    private static final List<String> ALERTS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        aws.clients().dynamoDb().createTable(b -> b.tableName("gate-holds").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("flag").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("flag").keyType(KeyType.HASH)));
        aws.clients().dynamoDb().createTable(b -> b.tableName("gate-approvals").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("requestId").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("item").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("requestId").keyType(KeyType.HASH), k -> k.attributeName("item").keyType(KeyType.RANGE)));
        approvals = new ApprovalStore(aws.clients().dynamoDb(), "gate-approvals");
        holds = new Holds(new DynamoDbHoldStore(aws.clients().dynamoDb(), "gate-holds"), Clock.systemUTC());
        aws.clients().dynamoDb().createTable(b -> b.tableName("gate-audit").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("requestId").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("entry").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("requestId").keyType(KeyType.HASH), k -> k.attributeName("entry").keyType(KeyType.RANGE)));
        audit = new AuditLog(aws.clients().dynamoDb(), "gate-audit");
        SecurityAlerts alerts = (kind, details) -> ALERTS.add(kind + " " + details.get("incidentId"));
        gate = new WithdrawalGate(holds, ApprovalRecords.onTable(aws.clients().dynamoDb(), "gate-approvals"), alerts,
                ApprovalUseAudit.on(audit, Clock.systemUTC()), Duration.ofMinutes(60), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void anApproval_resumesWithdrawalsOnce_andIsRefusedAfterTheyWerePausedAgain() {
        gate.apply(new WithdrawalGateRequest("PAUSE", "INC-71", "plan", "wallet failover", null, null));
        String requestId = "apr-" + "0123456789abcdef".repeat(2);
        DecisionRecord record = approved(requestId, "INC-71");

        WithdrawalGateResult resumed = gate.apply(resume("INC-71", record));
        assertThat(resumed.state().paused()).isFalse();
        assertThat(gate.apply(resume("INC-71", record)).changed()).as("the same RESUME delivered again").isFalse();

        gate.apply(new WithdrawalGateRequest("PAUSE", "INC-71", "plan", "broke again", null, null));
        assertThatThrownBy(() -> gate.apply(resume("INC-71", record))).isInstanceOf(ApprovalAlreadyUsed.class);

        assertThat(holds.status(WithdrawalGate.FLAG).heldBy("INC-71")).isTrue();
        assertThat(ALERTS).containsSubsequence("withdrawals.paused INC-71", "withdrawals.resumed INC-71",
                "withdrawals.paused INC-71", "withdrawals.resume-refused INC-71");
        // the approval's own audit chain shows it spent once, then refused, and the chain verifies
        assertThat(audit.entries(requestId)).extracting(AuditEntry::event)
                .containsExactly(ApprovalUseAudit.USED, ApprovalUseAudit.REFUSED);
        assertThat(audit.entries(requestId).get(1).detail()).startsWith("ApprovalAlreadyUsed");
        assertThat(new AuditChainVerifier(audit, AuditArchive.NONE).verify(requestId).intact()).isTrue();
    }

    @Test
    void aPauseWithAFiveThousandCharacterReason_isATypedRefusalAndLeavesTheHoldsAsTheyWere() {
        gate.apply(new WithdrawalGateRequest("PAUSE", "INC-72", "plan", "wallet failover", null, null));
        List<Hold> before = holds.status(WithdrawalGate.FLAG).holds();

        assertThatThrownBy(() -> gate.apply(new WithdrawalGateRequest("PAUSE", "INC-73", "plan", "x".repeat(5000), null, null)))
                .isInstanceOf(InvalidHold.class);

        assertThat(holds.status(WithdrawalGate.FLAG).holds()).isEqualTo(before);
    }

    /** A withdrawal-resumption request approved by alice and bob in the approval table, asked for now. */
    private static DecisionRecord approved(String requestId, String incidentId) {
        Instant now = Instant.now();
        JsonNode evidence = Json.MAPPER.createObjectNode().set("reconciliation", REPORT);
        approvals.create(new ApprovalRequest(requestId, incidentId, "withdrawal-resumption", null, null, "Resume", evidence,
                CanonicalJson.sha256(evidence), List.of("alice", "bob", "carol"), 2, now, now.plusSeconds(3600),
                ApprovalStatus.PENDING, null, null), "token-" + requestId);
        for (String approver : List.of("alice", "bob")) {
            approvals.issueNonce(requestId, approver, "n-" + approver, now, now.plusSeconds(600));
            approvals.recordDecision(requestId, new Decision(approver, Verdict.APPROVE, null, now, "127.0.0.1", "test"),
                    "n-" + approver, now);
        }
        approvals.finish(requestId, ApprovalStatus.APPROVED, now, null);
        return new DecisionRecord(requestId, incidentId, "withdrawal-resumption", ApprovalStatus.APPROVED, 2,
                List.of(new DecisionRecord.Approval("alice", now, "127.0.0.1"), new DecisionRecord.Approval("bob", now, "127.0.0.1")),
                CanonicalJson.sha256(evidence), now, now);
    }

    private static WithdrawalGateRequest resume(String incidentId, DecisionRecord record) {
        return new WithdrawalGateRequest("RESUME", incidentId, "plan", "approved", REPORT, record);
    }
}
