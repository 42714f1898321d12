package exchange.recovery.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

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
import exchange.recovery.approval.ApprovalRequest;
import exchange.recovery.approval.ApprovalStatus;
import exchange.recovery.approval.DecisionRecord;
import exchange.recovery.core.CanonicalJson;
import exchange.recovery.core.Json;

@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class WithdrawalGateTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final JsonNode PASSED = Json.read("{\"passed\":true,\"assets\":[{\"asset\":\"BTC\",\"onChain\":\"1\"}],\"problems\":[]}");
    private static final JsonNode FAILED = Json.read("{\"passed\":false,\"problems\":[\"BTC: on-chain differs\"]}");
    private static final DecisionRecord RECORD = new DecisionRecord("apr-1", "INC-7", "withdrawal-resumption",
            ApprovalStatus.APPROVED, 2, List.of(), "digest", NOW, NOW);

    @Mock
    private WithdrawalFlag flag;
    @Mock
    private ApprovalRecords approvals;

    private WithdrawalGate gate;

    @BeforeEach
    void setUp() {
        gate = new WithdrawalGate(flag, approvals, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void pause_setsTheFlagWithWhoWhyAndWhichIncident() {
        WithdrawalState paused = pausedBy("INC-7");
        when(flag.read()).thenReturn(WithdrawalState.initial(), paused);

        WithdrawalGateResult result = gate.apply(new WithdrawalGateRequest("PAUSE", "INC-7", "oncall", "wallet failover", null, null));

        ArgumentCaptor<WithdrawalState> written = ArgumentCaptor.forClass(WithdrawalState.class);
        verify(flag).write(written.capture());
        assertThat(written.getValue().paused()).isTrue();
        assertThat(written.getValue().holds()).singleElement().satisfies(hold -> {
            assertThat(hold.incidentId()).isEqualTo("INC-7");
            assertThat(hold.actor()).isEqualTo("oncall");
            assertThat(hold.reason()).isEqualTo("wallet failover");
        });
        assertThat(result.changed()).isTrue();
    }

    @Test
    void pause_whenAlreadyPausedForTheIncident_writesNothing() {
        when(flag.read()).thenReturn(pausedBy("INC-7"));

        WithdrawalGateResult result = gate.apply(new WithdrawalGateRequest("PAUSE", "INC-7", "oncall", "again", null, null));

        assertThat(result.changed()).isFalse();
        verify(flag, never()).write(any());
    }

    @Test
    void resume_withAFailedReconciliation_refusesAndChangesNothing() {
        assertThatThrownBy(() -> gate.apply(new WithdrawalGateRequest("RESUME", "INC-7", "plan", null, FAILED, RECORD)))
                .isInstanceOf(ReconciliationNotPassed.class);
        verify(flag, never()).write(any());
    }

    @Test
    void resume_withoutAValidApproval_refusesAndChangesNothing() {
        when(approvals.verify(any(), anyString(), anyString())).thenThrow(new ApprovalNotValid("apr-1 is REJECTED"));

        assertThatThrownBy(() -> gate.apply(new WithdrawalGateRequest("RESUME", "INC-7", "plan", null, PASSED, RECORD)))
                .isInstanceOf(ApprovalNotValid.class);
        verify(flag, never()).write(any());
    }

    @Test
    void resume_withAReportTheApproversDidNotSee_refuses() {
        when(approvals.verify(RECORD, "INC-7", "withdrawal-resumption"))
                .thenReturn(approvedWith(Json.read("{\"reconciliation\":{\"passed\":true,\"assets\":[]}}")));

        assertThatThrownBy(() -> gate.apply(new WithdrawalGateRequest("RESUME", "INC-7", "plan", null, PASSED, RECORD)))
                .isInstanceOf(ReconciliationNotPassed.class).hasMessageContaining("not the one the approvers saw");
        verify(flag, never()).write(any());
    }

    @Test
    void resume_withThePassedReportTheApproversSaw_releasesTheHoldAndOpensWithdrawals() {
        when(approvals.verify(RECORD, "INC-7", "withdrawal-resumption"))
                .thenReturn(approvedWith(Json.MAPPER.createObjectNode().set("reconciliation", PASSED)));
        when(flag.read()).thenReturn(pausedBy("INC-7"));

        WithdrawalGateResult result = gate.apply(new WithdrawalGateRequest("RESUME", "INC-7", "plan", "approved", PASSED, RECORD));

        assertThat(result.state().paused()).isFalse();
        assertThat(result.state().approvalRequestId()).isEqualTo("apr-1");
        verify(flag).write(result.state());
    }

    @Test
    void resume_keepsWithdrawalsPausedWhileAnotherIncidentHoldsThem() {
        when(approvals.verify(RECORD, "INC-7", "withdrawal-resumption"))
                .thenReturn(approvedWith(Json.MAPPER.createObjectNode().set("reconciliation", PASSED)));
        WithdrawalState both = new WithdrawalState(true, List.of(new WithdrawalState.Hold("INC-7", "a", "r", NOW),
                new WithdrawalState.Hold("INC-8", "b", "r", NOW)), NOW, "PAUSE", "b", "INC-8", "r", null);
        when(flag.read()).thenReturn(both);

        WithdrawalGateResult result = gate.apply(new WithdrawalGateRequest("RESUME", "INC-7", "plan", null, PASSED, RECORD));

        assertThat(result.state().paused()).isTrue();
        assertThat(result.state().holds()).extracting(WithdrawalState.Hold::incidentId).containsExactly("INC-8");
    }

    @Test
    void unreadableFlagValue_readsAsPaused() {
        assertThat(WithdrawalFlag.parse("not json").paused()).isTrue();
        assertThat(WithdrawalFlag.parse("{\"paused\":false,\"holds\":[]}").paused()).isFalse();
    }

    private static WithdrawalState pausedBy(String incidentId) {
        return new WithdrawalState(true, List.of(new WithdrawalState.Hold(incidentId, "oncall", "wallet failover", NOW)),
                NOW, "PAUSE", "oncall", incidentId, "wallet failover", null);
    }

    private static ApprovalRequest approvedWith(JsonNode evidence) {
        return new ApprovalRequest("apr-1", "INC-7", "withdrawal-resumption", null, null, "s", evidence,
                CanonicalJson.sha256(evidence), List.of("alice", "bob", "carol"), 2, NOW, NOW.plusSeconds(3600),
                ApprovalStatus.APPROVED, NOW, null);
    }
}
