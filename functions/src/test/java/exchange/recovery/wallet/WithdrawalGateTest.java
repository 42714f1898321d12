package exchange.recovery.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.approval.ApprovalNotValid;
import exchange.recovery.approval.ApprovalRecords;
import exchange.recovery.approval.ApprovalUseAudit;
import exchange.recovery.approval.ApprovalRequest;
import exchange.recovery.approval.ApprovalStatus;
import exchange.recovery.approval.DecisionRecord;
import exchange.recovery.core.CanonicalJson;
import exchange.recovery.core.Json;
import exchange.recovery.core.SecurityAlerts;
import exchange.recovery.hold.FlagState;
import exchange.recovery.hold.Hold;
import exchange.recovery.hold.Holds;
import exchange.recovery.hold.InMemoryHoldStore;
import exchange.recovery.hold.InvalidHold;

@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class WithdrawalGateTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final JsonNode PASSED = Json.read("{\"passed\":true,\"assets\":[{\"asset\":\"BTC\",\"onChain\":\"1\"}],\"problems\":[]}");
    private static final JsonNode FAILED = Json.read("{\"passed\":false,\"problems\":[\"BTC: on-chain differs\"]}");
    private static final DecisionRecord RECORD = new DecisionRecord("apr-1", "INC-7", "withdrawal-resumption",
            ApprovalStatus.APPROVED, 2, List.of(), "digest", NOW, NOW);

    @Mock
    private ApprovalRecords approvals;
    @Mock
    private SecurityAlerts alerts;
    @Mock
    private ApprovalUseAudit audit;

    private final InMemoryHoldStore store = new InMemoryHoldStore();
    private WithdrawalGate gate;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        gate = new WithdrawalGate(new Holds(store, clock), approvals, alerts, audit, Duration.ofMinutes(60), clock);
    }

    @Test
    void pause_holdsWithdrawalsWithWhoWhyAndWhichIncident_andAlertsSecurity() {
        WithdrawalGateResult result = gate.apply(pause("INC-7", "wallet failover"));

        assertThat(result.changed()).isTrue();
        assertThat(result.state().paused()).isTrue();
        assertThat(result.state().holds()).singleElement().satisfies(hold -> {
            assertThat(hold.holder()).isEqualTo("INC-7");
            assertThat(hold.actor()).isEqualTo("oncall");
            assertThat(hold.reason()).isEqualTo("wallet failover");
        });
        verify(alerts).publish(eq("withdrawals.paused"), anyMap());
    }

    @Test
    void pause_whenAlreadyPausedForTheIncident_writesNothing() {
        gate.apply(pause("INC-7", "wallet failover"));
        int writes = store.writes();

        WithdrawalGateResult result = gate.apply(pause("INC-7", "again"));

        assertThat(result.changed()).isFalse();
        assertThat(store.writes()).isEqualTo(writes);
    }

    @Test
    void pause_withAFiveThousandCharacterReason_isRefusedWithATypedErrorAndTheHoldsStay() {
        gate.apply(pause("INC-7", "wallet failover"));

        assertThatThrownBy(() -> gate.apply(pause("INC-8", "x".repeat(5000))))
                .isInstanceOf(InvalidHold.class).hasMessageContaining("reason is 5000 characters");

        assertThat(status().holds()).extracting(Hold::holder).containsExactly("INC-7");
    }

    @Test
    void resume_withAFailedReconciliation_refusesChangesNothingAndAlertsSecurity() {
        gate.apply(pause("INC-7", "wallet failover"));

        assertThatThrownBy(() -> gate.apply(resume("INC-7", FAILED, RECORD))).isInstanceOf(ReconciliationNotPassed.class);
        verify(audit).record(eq("apr-1"), eq(ApprovalUseAudit.REFUSED), eq("plan"), eq("INC-7"), eq("withdrawal-resumption"),
                startsWith("ReconciliationNotPassed: "));

        assertThat(status().heldBy("INC-7")).isTrue();
        verify(alerts).publish(eq("withdrawals.resume-refused"), anyMap());
    }

    @Test
    void resume_withoutAValidApproval_refusesAndChangesNothing() {
        gate.apply(pause("INC-7", "wallet failover"));
        when(approvals.verify(any(), anyString(), anyString())).thenThrow(new ApprovalNotValid("apr-1 is REJECTED"));

        assertThatThrownBy(() -> gate.apply(resume("INC-7", PASSED, RECORD))).isInstanceOf(ApprovalNotValid.class);

        assertThat(status().heldBy("INC-7")).isTrue();
        verify(alerts).publish(eq("withdrawals.resume-refused"), anyMap());
    }

    @Test
    void resume_withAReportTheApproversDidNotSee_refuses() {
        gate.apply(pause("INC-7", "wallet failover"));
        approve("apr-1", Json.read("{\"reconciliation\":{\"passed\":true,\"assets\":[]}}"), NOW, NOW);

        assertThatThrownBy(() -> gate.apply(resume("INC-7", PASSED, RECORD)))
                .isInstanceOf(ReconciliationNotPassed.class).hasMessageContaining("not the one the approvers saw");
        assertThat(status().heldBy("INC-7")).isTrue();
    }

    @Test
    void resume_withThePassedReportTheApproversSaw_releasesTheHoldOpensWithdrawalsAndAlertsSecurity() {
        gate.apply(pause("INC-7", "wallet failover"));
        approve("apr-1", NOW, NOW);

        WithdrawalGateResult result = gate.apply(resume("INC-7", PASSED, RECORD));

        assertThat(result.changed()).isTrue();
        assertThat(result.state().paused()).isFalse();
        assertThat(result.state().approvalRequestId()).isEqualTo("apr-1");
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, String>> details = ArgumentCaptor.forClass(Map.class);
        verify(alerts).publish(eq("withdrawals.resumed"), details.capture());
        assertThat(details.getValue()).containsEntry("incidentId", "INC-7").containsEntry("approval", "apr-1")
                .containsEntry("withdrawalsPaused", "false");
        verify(audit).recordOnce(eq("apr-1"), eq(ApprovalUseAudit.USED), eq("plan"), eq("INC-7"), eq("withdrawal-resumption"),
                eq("withdrawals resumed"));
    }

    @Test
    void resume_keepsWithdrawalsPausedWhileAnotherIncidentHoldsThem() {
        gate.apply(pause("INC-7", "wallet failover"));
        gate.apply(pause("INC-8", "az outage"));
        approve("apr-1", NOW, NOW);

        WithdrawalGateResult result = gate.apply(resume("INC-7", PASSED, RECORD));

        assertThat(result.state().paused()).isTrue();
        assertThat(result.state().holds()).extracting(Hold::holder).containsExactly("INC-8");
    }

    @Test
    void resume_keepsAPauseOfAnotherIncidentWrittenBetweenItsReadAndItsWrite() {
        gate.apply(pause("INC-7", "wallet failover"));
        approve("apr-1", NOW, NOW);
        store.beforeNextWrite(() -> gate.apply(pause("INC-8", "az outage")));

        WithdrawalGateResult result = gate.apply(resume("INC-7", PASSED, RECORD));

        assertThat(result.state().paused()).isTrue();
        assertThat(status().holds()).extracting(Hold::holder).containsExactly("INC-8");
    }

    @Test
    void resume_neverLiftsAPauseSetByHandWithNoIncident() {
        store.put(new FlagState(WithdrawalGate.FLAG, 4, List.of(new Hold(Hold.MANUAL, null, "set by hand", null)), NOW,
                null, null, null, null, null, true, true));
        approve("apr-1", NOW, NOW);

        gate.apply(resume("INC-7", PASSED, RECORD));

        assertThat(status().paused()).isTrue();
        assertThat(status().holds()).extracting(Hold::holder).containsExactly(Hold.MANUAL);
    }

    @Test
    void resume_withAnApprovalThatResumedOnce_isRefusedAfterWithdrawalsWerePausedAgain() {
        gate.apply(pause("INC-7", "wallet failover"));
        approve("apr-1", NOW, NOW);
        gate.apply(resume("INC-7", PASSED, RECORD));
        gate.apply(pause("INC-7", "it broke again"));

        assertThatThrownBy(() -> gate.apply(resume("INC-7", PASSED, RECORD))).isInstanceOf(ApprovalAlreadyUsed.class);

        assertThat(status().heldBy("INC-7")).isTrue();
        verify(alerts).publish(eq("withdrawals.resume-refused"), anyMap());
    }

    @Test
    void resume_deliveredTwice_changesNothingTheSecondTime() {
        gate.apply(pause("INC-7", "wallet failover"));
        approve("apr-1", NOW, NOW);
        gate.apply(resume("INC-7", PASSED, RECORD));

        WithdrawalGateResult again = gate.apply(resume("INC-7", PASSED, RECORD));

        assertThat(again.changed()).isFalse();
        assertThat(again.state().paused()).isFalse();
    }

    @Test
    void resume_withAnApprovalDecidedLongerAgoThanTheMaximumAge_isRefused() {
        gate.apply(pause("INC-7", "wallet failover"));
        approve("apr-1", NOW.minus(Duration.ofHours(3)), NOW.minus(Duration.ofMinutes(61)));

        assertThatThrownBy(() -> gate.apply(resume("INC-7", PASSED, RECORD))).isInstanceOf(ApprovalTooOld.class);

        assertThat(status().heldBy("INC-7")).isTrue();
    }

    @Test
    void resume_withAnApprovalAskedForBeforeThePauseItWouldLift_isRefused() {
        gate.apply(pause("INC-7", "wallet failover"));
        approve("apr-1", NOW.minusSeconds(600), NOW.minusSeconds(60));

        assertThatThrownBy(() -> gate.apply(resume("INC-7", PASSED, RECORD)))
                .isInstanceOf(ApprovalAlreadyUsed.class).hasMessageContaining("predates the pause");

        assertThat(status().heldBy("INC-7")).isTrue();
    }

    @Test
    void status_ofAFlagNeverWritten_readsPaused_andInitialiseOpensIt() {
        assertThat(status().paused()).isTrue();

        WithdrawalGateResult result = gate.apply(new WithdrawalGateRequest("INITIALISE", "-", "deploy", null, null, null));

        assertThat(result.changed()).isTrue();
        assertThat(status().paused()).isFalse();
        verify(alerts, never()).publish(eq("withdrawals.resumed"), anyMap());
    }

    private WithdrawalState status() {
        return gate.apply(new WithdrawalGateRequest("STATUS", "-", null, null, null, null)).state();
    }

    private void approve(String requestId, Instant createdAt, Instant decidedAt) {
        approve(requestId, Json.MAPPER.createObjectNode().set("reconciliation", PASSED), createdAt, decidedAt);
    }

    private void approve(String requestId, JsonNode evidence, Instant createdAt, Instant decidedAt) {
        when(approvals.verify(RECORD, "INC-7", "withdrawal-resumption")).thenReturn(new ApprovalRequest(requestId,
                "INC-7", "withdrawal-resumption", null, null, "s", evidence, CanonicalJson.sha256(evidence),
                List.of("alice", "bob", "carol"), 2, createdAt, createdAt.plusSeconds(3600), ApprovalStatus.APPROVED,
                decidedAt, null));
    }

    private static WithdrawalGateRequest pause(String incidentId, String reason) {
        return new WithdrawalGateRequest("PAUSE", incidentId, "oncall", reason, null, null);
    }

    private static WithdrawalGateRequest resume(String incidentId, JsonNode report, DecisionRecord record) {
        return new WithdrawalGateRequest("RESUME", incidentId, "plan", "approved", report, record);
    }
}
