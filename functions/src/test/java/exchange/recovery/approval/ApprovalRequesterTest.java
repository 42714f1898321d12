package exchange.recovery.approval;

import static exchange.recovery.approval.Fixtures.CLOCK;
import static exchange.recovery.approval.Fixtures.EVIDENCE;
import static exchange.recovery.approval.Fixtures.NOW;
import static exchange.recovery.approval.Fixtures.POLICIES;
import static exchange.recovery.approval.Fixtures.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

import exchange.recovery.core.InvalidInput;

@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class ApprovalRequesterTest {

    @Mock
    private ApprovalStore store;
    @Mock
    private AuditLog audit;
    @Mock
    private ApprovalNotifier notifier;

    private ApprovalRequester requester;

    @BeforeEach
    void setUp() {
        requester = new ApprovalRequester(POLICIES, store, audit, notifier, SIGNER, CLOCK);
    }

    @Test
    void request_storesTheTokenAndSendsEachApproverTheirOwnSignedLink() {
        ArgumentCaptor<ApprovalRequest> stored = ArgumentCaptor.forClass(ApprovalRequest.class);
        when(store.find(anyString())).thenReturn(Optional.empty());
        when(store.create(stored.capture(), eq("token-1"))).thenReturn(true);
        when(store.find(anyString())).thenAnswer(call -> stored.getAllValues().isEmpty() ? Optional.empty()
                : Optional.of(new StoredRequest(stored.getValue(), "token-1", false, false)));

        RequestApprovalResult result = requester.request(input("token-1", null, null, 30));

        assertThat(result.approvers()).containsExactly("alice", "bob", "carol");
        assertThat(result.requiredApprovals()).isEqualTo(2);
        assertThat(result.expiresAt()).isEqualTo(NOW.plusSeconds(1800));
        ArgumentCaptor<ApprovalLink> links = ArgumentCaptor.forClass(ApprovalLink.class);
        verify(notifier, times(3)).notify(any(), links.capture());
        assertThat(links.getAllValues()).extracting(ApprovalLink::approver).containsExactly("alice", "bob", "carol");
        assertThat(links.getAllValues()).allSatisfy(link -> assertThat(
                SIGNER.verifyLink(result.requestId(), link.approver(), link.expiresAtEpochSecond(), link.signature())).isTrue());
        verify(store).markNotified(result.requestId());
        verify(audit).append(any());
    }

    @Test
    void request_redeliveredAfterNotifying_sendsNothingAgain() {
        when(store.find(anyString())).thenReturn(Optional.of(new StoredRequest(Fixtures.request(ApprovalStatus.PENDING), "token-1", true, false)));

        RequestApprovalResult result = requester.request(input("token-1", null, null, 30));

        assertThat(result.created()).isFalse();
        verify(store, never()).create(any(), anyString());
        verifyNoInteractions(notifier, audit);
    }

    @Test
    void request_retriedWithANewTokenInTheSameExecution_takesOverTheSameRequestAndNotifiesNobodyAgain() {
        String execution = "arn:aws:states:eu-west-1:123456789012:execution:approval:run-1";
        String requestId = ApprovalRequester.requestIdFor(execution, "withdrawal-resumption");
        when(store.find(requestId)).thenReturn(Optional.of(new StoredRequest(Fixtures.request(ApprovalStatus.PENDING), "token-1", true, false)));

        RequestApprovalResult result = requester.request(withExecution(input("token-2", null, null, 30), execution));

        assertThat(result.requestId()).isEqualTo(requestId);
        assertThat(result.created()).isFalse();
        verify(store, never()).create(any(), anyString());
        verify(store).adoptTaskToken(requestId, "token-2");
        verifyNoInteractions(notifier);
        ArgumentCaptor<AuditEntry> entry = ArgumentCaptor.forClass(AuditEntry.class);
        verify(audit).append(entry.capture());
        assertThat(entry.getValue().event()).isEqualTo(AuditEntry.TASK_RETRIED);
    }

    @Test
    void request_newRequest_isAnnouncedToTheSecurityAlerts() {
        exchange.recovery.core.SecurityAlerts alerts = org.mockito.Mockito.mock(exchange.recovery.core.SecurityAlerts.class);
        ArgumentCaptor<ApprovalRequest> stored = ArgumentCaptor.forClass(ApprovalRequest.class);
        when(store.create(stored.capture(), eq("token-1"))).thenReturn(true);
        when(store.find(anyString())).thenAnswer(call -> stored.getAllValues().isEmpty() ? Optional.empty()
                : Optional.of(new StoredRequest(stored.getValue(), "token-1", false, false)));

        RequestApprovalResult result = new ApprovalRequester(POLICIES, store, audit, notifier, SIGNER, alerts, CLOCK)
                .request(input("token-1", null, null, 30));

        verify(alerts).publish(eq("approval.requested"), org.mockito.ArgumentMatchers.argThat(details ->
                result.requestId().equals(details.get("requestId")) && "INC-7".equals(details.get("incidentId"))
                        && "alice,bob,carol".equals(details.get("approvers"))));
    }

    @Test
    void request_sameExecutionAndType_alwaysMapsToTheSameRequestId_andAnotherTypeToAnother() {
        assertThat(ApprovalRequester.requestIdFor("exec-1", "withdrawal-resumption"))
                .isEqualTo(ApprovalRequester.requestIdFor("exec-1", "withdrawal-resumption"))
                .isNotEqualTo(ApprovalRequester.requestIdFor("exec-1", "wallet-promotion"))
                .isNotEqualTo(ApprovalRequester.requestIdFor("exec-2", "withdrawal-resumption"))
                .matches("apr-[0-9a-f]{32}");
    }

    @Test
    void request_sameToken_alwaysMapsToTheSameRequestId() {
        assertThat(ApprovalRequester.requestIdFor("token-1")).isEqualTo(ApprovalRequester.requestIdFor("token-1"))
                .isNotEqualTo(ApprovalRequester.requestIdFor("token-2")).matches("apr-[0-9a-f]{32}");
    }

    @Test
    void request_refusesAnApproverOutsideTheAllowList() {
        assertThatThrownBy(() -> requester.request(input("t", List.of("alice", "mallory"), null, 30)))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("mallory");
        verifyNoInteractions(store, notifier);
    }

    @Test
    void request_refusesFewerApprovalsThanThePolicyRequires() {
        assertThatThrownBy(() -> requester.request(input("t", null, 1, 30)))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("minimum of 2");
    }

    @Test
    void request_refusesAnExpiryBeyondThePolicyMaximum() {
        assertThatThrownBy(() -> requester.request(input("t", null, null, 241)))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("maximum");
    }

    @Test
    void request_refusesEvidenceTooLargeToStoreOrShow() {
        RequestApprovalInput huge = new RequestApprovalInput("t", "INC-7", "withdrawal-resumption", null, null, "s",
                exchange.recovery.core.Json.MAPPER.createObjectNode().put("blob", "x".repeat(100_001)), null, null, 30, null);

        assertThatThrownBy(() -> requester.request(huge)).isInstanceOf(InvalidInput.class).hasMessageContaining("evidence");
        verifyNoInteractions(store, notifier);
    }

    @Test
    void request_refusesAnUnknownApprovalType() {
        RequestApprovalInput unknown = new RequestApprovalInput("t", "INC-7", "launch-missiles", null, null, "s",
                EVIDENCE, null, null, 30, null);

        assertThatThrownBy(() -> requester.request(unknown)).isInstanceOf(InvalidInput.class);
    }

    private static RequestApprovalInput withExecution(RequestApprovalInput input, String executionId) {
        return new RequestApprovalInput(input.taskToken(), input.incidentId(), input.approvalType(), input.plan(), input.tier(),
                input.summary(), input.evidence(), input.requiredApprovals(), input.approverGroup(), input.expiresInMinutes(),
                input.expiresInSeconds(), executionId);
    }

    private static RequestApprovalInput input(String token, List<String> group, Integer required, int minutes) {
        return new RequestApprovalInput(token, "INC-7", "withdrawal-resumption", "platform-recovery", "WALLET",
                "Resume withdrawals", EVIDENCE, required, group, minutes, null);
    }
}
