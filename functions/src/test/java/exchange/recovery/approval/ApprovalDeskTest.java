package exchange.recovery.approval;

import static exchange.recovery.approval.Fixtures.CLOCK;
import static exchange.recovery.approval.Fixtures.EXPIRES;
import static exchange.recovery.approval.Fixtures.NOW;
import static exchange.recovery.approval.Fixtures.POLICIES;
import static exchange.recovery.approval.Fixtures.SIGNER;
import static exchange.recovery.approval.Fixtures.form;
import static exchange.recovery.approval.Fixtures.get;
import static exchange.recovery.approval.Fixtures.post;
import static exchange.recovery.approval.Fixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

import exchange.recovery.approval.ApprovalRefused.Reason;
import exchange.recovery.approval.PageView.DecisionForm;
import exchange.recovery.approval.PageView.DecisionRecorded;
import exchange.recovery.approval.PageView.Refusal;
import exchange.recovery.core.Json;
import exchange.recovery.core.SecurityAlerts;
import exchange.recovery.core.TransientFailure;

@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class ApprovalDeskTest {

    @Mock
    private ApprovalStore store;
    @Mock
    private AuditLog audit;
    @Mock
    private TaskCallbacks callbacks;
    @Mock
    private SecurityAlerts alerts;

    private ApprovalDesk desk;

    @BeforeEach
    void setUp() {
        desk = new ApprovalDesk(POLICIES, store, audit, callbacks, SIGNER, alerts, CLOCK);
        when(store.find("apr-1")).thenReturn(Optional.of(stored(ApprovalStatus.PENDING)));
        when(store.decisions("apr-1")).thenReturn(List.of());
    }

    @Test
    void view_showsTheRequestAndIssuesANonceBoundToTheApprover() {
        PageView view = desk.view(get("alice"));

        assertThat(view).isInstanceOf(DecisionForm.class);
        DecisionForm form = (DecisionForm) view;
        verify(store).issueNonce("apr-1", "alice", form.nonce(), NOW, EXPIRES);
        assertThat(SIGNER.verifyCsrfToken("apr-1", "alice", form.nonce(), form.csrfToken())).isTrue();
        verify(store, never()).recordDecision(anyString(), any(), anyString(), any());
        verifyNoInteractions(callbacks, alerts);
        AuditEntry viewed = onlyAuditEntry();
        assertThat(viewed.event()).isEqualTo(AuditEntry.VIEWED);
        assertThat(viewed.actor()).isEqualTo("alice");
        assertThat(viewed.sourceIp()).isEqualTo("203.0.113.9");
        assertThat(viewed.userAgent()).isEqualTo("test-browser");
    }

    @Test
    void view_refusesATamperedSignatureWithoutReadingTheRequest() {
        HttpRequest tampered = Fixtures.http("GET", "apr-1", "alice", EXPIRES.getEpochSecond(),
                SIGNER.signLink("apr-1", "alice", EXPIRES.getEpochSecond()).replace('A', 'B').replace('a', 'b') + "x", Map.of(), null);

        assertThat(refusal(desk.view(tampered))).isEqualTo(Reason.TAMPERED);
        verifyNoInteractions(store, callbacks);
        AuditEntry refused = onlyAuditEntry();
        assertThat(refused.event()).isEqualTo(AuditEntry.REFUSED);
        assertThat(refused.requestId()).as("a request id of the wrong form is audited apart").isEqualTo(AuditLog.UNATTRIBUTED);
        assertThat(refused.detail()).contains("TAMPERED", "link names request apr-1");
        verify(alerts).publish(eq("approval.refused"), argThat(details -> "TAMPERED".equals(details.get("reason"))
                && "alice".equals(details.get("approver")) && "203.0.113.9".equals(details.get("sourceIp"))));
    }

    @Test
    void view_refusesAnotherApproversNameOnAValidSignature() {
        HttpRequest swapped = Fixtures.http("GET", "apr-1", "bob", EXPIRES.getEpochSecond(),
                SIGNER.signLink("apr-1", "alice", EXPIRES.getEpochSecond()), Map.of(), null);

        assertThat(refusal(desk.view(swapped))).isEqualTo(Reason.TAMPERED);
    }

    @Test
    void view_refusesAnExpiredLink() {
        ApprovalDesk later = new ApprovalDesk(POLICIES, store, audit, callbacks, SIGNER,
                Clock.fixed(EXPIRES.plusSeconds(1), ZoneOffset.UTC));

        assertThat(refusal(later.view(get("alice")))).isEqualTo(Reason.EXPIRED);
        verify(store, never()).issueNonce(anyString(), anyString(), anyString(), any(), any());
    }

    @Test
    void view_refusesAnUnknownRequest() {
        when(store.find("apr-1")).thenReturn(Optional.empty());

        assertThat(refusal(desk.view(get("alice")))).isEqualTo(Reason.UNKNOWN);
    }

    @Test
    void view_refusesASignedLinkForSomeoneOffTheAllowList() {
        assertThat(refusal(desk.view(get("mallory")))).isEqualTo(Reason.NOT_AN_APPROVER);
    }

    @Test
    void view_refusesADecidedRequest() {
        when(store.find("apr-1")).thenReturn(Optional.of(stored(ApprovalStatus.APPROVED)));

        assertThat(refusal(desk.view(get("carol")))).isEqualTo(Reason.ALREADY_DECIDED);
        verify(store, never()).issueNonce(anyString(), anyString(), anyString(), any(), any());
    }

    @Test
    void view_refusesAnApproverWhoAlreadyDecided() {
        when(store.decisions("apr-1")).thenReturn(List.of(approval("alice")));

        assertThat(refusal(desk.view(get("alice")))).isEqualTo(Reason.APPROVER_ALREADY_DECIDED);
    }

    @Test
    void decide_refusesAPostWithoutTheAntiCsrfValue() {
        PageView view = desk.decide(post("alice", "decision=APPROVE&nonce=n1"));

        assertThat(refusal(view)).isEqualTo(Reason.FORM_INVALID);
        verify(store, never()).recordDecision(anyString(), any(), anyString(), any());
        verifyNoInteractions(callbacks);
        assertThat(onlyAuditEntry().event()).isEqualTo(AuditEntry.REFUSED);
        verify(alerts).publish(eq("approval.refused"), argThat(details -> "FORM_INVALID".equals(details.get("reason"))));
    }

    @Test
    void decide_refusesAFormRenderedForAnotherApprover() {
        PageView view = desk.decide(post("alice", form("bob", "n1", "APPROVE", null)));

        assertThat(refusal(view)).isEqualTo(Reason.FORM_INVALID);
        verify(store, never()).recordDecision(anyString(), any(), anyString(), any());
    }

    @Test
    void decide_refusesARejectionWithoutAReason() {
        PageView view = desk.decide(post("alice", form("alice", "n1", "REJECT", "  ")));

        assertThat(refusal(view)).isEqualTo(Reason.MALFORMED);
        verify(store, never()).recordDecision(anyString(), any(), anyString(), any());
    }

    @Test
    void decide_firstApproval_isRecordedAndAuditedButDoesNotResumeTheTask() {
        when(store.unauditedDecisions("apr-1")).thenReturn(List.of(approval("alice")));
        PageView view = desk.decide(post("alice", form("alice", "n1", "APPROVE", null)));

        assertThat(view).isInstanceOf(DecisionRecorded.class);
        ArgumentCaptor<Decision> decision = ArgumentCaptor.forClass(Decision.class);
        verify(store).recordDecision(eq("apr-1"), decision.capture(), eq("n1"), any());
        assertThat(decision.getValue().approver()).isEqualTo("alice");
        assertThat(decision.getValue().sourceIp()).isEqualTo("203.0.113.9");
        AuditEntry entry = onlyAuditEntry();
        assertThat(entry.event()).isEqualTo(AuditEntry.APPROVED);
        assertThat(entry.sourceIp()).isEqualTo("203.0.113.9");
        assertThat(entry.evidenceDigest()).isEqualTo(Fixtures.request(ApprovalStatus.PENDING).evidenceDigest());
        verify(store).markDecisionAudited(eq("apr-1"), eq("alice"), any());
        assertThat(((DecisionRecorded) view).settled()).isTrue();
        verify(store, never()).finish(anyString(), any(), any(), any());
        verifyNoInteractions(callbacks);
        assertThat(((DecisionRecorded) view).actorCookie()).startsWith("approval-actor-apr-1=alice.").contains("HttpOnly", "SameSite=Strict");
    }

    @Test
    void decide_secondDistinctApproval_approvesAndSendsTheDecisionRecord() {
        when(store.decisions("apr-1")).thenReturn(List.of(approval("alice"), approval("bob")));
        when(store.finish(eq("apr-1"), eq(ApprovalStatus.APPROVED), any(), any())).thenReturn(true);
        when(store.find("apr-1")).thenReturn(Optional.of(stored(ApprovalStatus.PENDING)),
                Optional.of(new StoredRequest(approved(), "task-token-1", true, false)));
        when(callbacks.succeed(anyString(), anyString())).thenReturn(TaskCallbacks.Delivery.DELIVERED);

        desk.decide(post("bob", form("bob", "n2", "APPROVE", null)));

        ArgumentCaptor<String> output = ArgumentCaptor.forClass(String.class);
        verify(callbacks).succeed(eq("task-token-1"), output.capture());
        DecisionRecord record = Json.convert(Json.read(output.getValue()), DecisionRecord.class);
        assertThat(record.approvals()).extracting(DecisionRecord.Approval::approver).containsExactly("alice", "bob");
        assertThat(record.outcome()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(record.evidenceDigest()).isEqualTo(approved().evidenceDigest());
        verify(store).markTaskCompleted(eq("apr-1"), any());
    }

    @Test
    void decide_anyRejection_endsTheRequestAndFailsTheTaskWithTheReason() {
        when(store.decisions("apr-1")).thenReturn(List.of(approval("alice"),
                new Decision("carol", Verdict.REJECT, "on-chain balance still moving", NOW, null, null)));
        when(store.finish(eq("apr-1"), eq(ApprovalStatus.REJECTED), any(), anyString())).thenReturn(true);
        ApprovalRequest rejected = new ApprovalRequest("apr-1", "INC-7", "withdrawal-resumption", null, null, "s",
                Fixtures.EVIDENCE, "d", List.of("alice", "bob", "carol"), 2, NOW, EXPIRES, ApprovalStatus.REJECTED, NOW,
                "on-chain balance still moving (carol)");
        when(store.find("apr-1")).thenReturn(Optional.of(stored(ApprovalStatus.PENDING)),
                Optional.of(new StoredRequest(rejected, "task-token-1", true, false)));

        desk.decide(post("carol", form("carol", "n3", "REJECT", "on-chain balance still moving")));

        verify(callbacks).reject("task-token-1", "on-chain balance still moving (carol)");
        verify(callbacks, never()).succeed(anyString(), anyString());
    }

    @Test
    void decide_sameApproverTwice_isRefusedByTheConditionalWrite() {
        doThrow(new ApprovalRefused(Reason.APPROVER_ALREADY_DECIDED, "alice"))
                .when(store).recordDecision(eq("apr-1"), any(), eq("n9"), any());

        PageView view = desk.decide(post("alice", form("alice", "n9", "APPROVE", null)));

        assertThat(refusal(view)).isEqualTo(Reason.APPROVER_ALREADY_DECIDED);
        verifyNoInteractions(callbacks, alerts);
        assertThat(onlyAuditEntry().event()).isEqualTo(AuditEntry.REFUSED);
    }

    @Test
    void decide_onADecidedRequest_isRefusedAndRecordsNothing() {
        when(store.find("apr-1")).thenReturn(Optional.of(new StoredRequest(approved(), "task-token-1", true, true)));

        PageView view = desk.decide(post("carol", form("carol", "n4", "APPROVE", null)));

        assertThat(refusal(view)).isEqualTo(Reason.ALREADY_DECIDED);
        verify(store, never()).recordDecision(anyString(), any(), anyString(), any());
        verifyNoInteractions(callbacks);
    }

    @Test
    void decide_fromABrowserThatActedAsAnotherApprover_isRefused() {
        String bobsMark = "bob." + SIGNER.actorMark("apr-1", "bob");

        PageView view = desk.decide(post("alice", form("alice", "n5", "APPROVE", null),
                Map.of("approval-actor-apr-1", bobsMark)));

        assertThat(refusal(view)).isEqualTo(Reason.OTHER_APPROVER);
        verify(store, never()).recordDecision(anyString(), any(), anyString(), any());
    }

    @Test
    void decide_ignoresAForgedActorCookie() {
        PageView view = desk.decide(post("alice", form("alice", "n6", "APPROVE", null),
                Map.of("approval-actor-apr-1", "bob.forged")));

        assertThat(view).isInstanceOf(DecisionRecorded.class);
    }

    @Test
    void decide_whenAuditingFailsAfterTheDecisionIsRecorded_saysItIsRecordedAndThatTheRestIsPending() {
        when(store.unauditedDecisions("apr-1")).thenReturn(List.of(approval("alice")));
        when(audit.append(any())).thenThrow(new TransientFailure("audit table throttled"));

        PageView view = desk.decide(post("alice", form("alice", "n7", "APPROVE", null)));

        assertThat(view).isInstanceOf(DecisionRecorded.class);
        assertThat(((DecisionRecorded) view).settled()).isFalse();
        assertThat(ApprovalPage.status(view)).isEqualTo(202);
        assertThat(ApprovalPage.render(view)).contains("alice, your approval was recorded", "finishes it automatically")
                .doesNotContain("Nothing was");
        verify(store, never()).markDecisionAudited(anyString(), anyString(), any());
    }

    @Test
    void decide_retriedAfterAFailedCallback_completesTheTaskItDidNotComplete() {
        when(store.find("apr-1")).thenReturn(Optional.of(new StoredRequest(approved(), "task-token-1", true, false)));
        when(store.decisions("apr-1")).thenReturn(List.of(approval("alice"), approval("bob")));
        when(callbacks.succeed(anyString(), anyString())).thenReturn(TaskCallbacks.Delivery.DELIVERED);

        PageView view = desk.decide(post("bob", form("bob", "n2", "APPROVE", null)));

        assertThat(refusal(view)).isEqualTo(Reason.ALREADY_DECIDED);
        assertThat(((Refusal) view).ownDecision().approver()).isEqualTo("bob");
        verify(callbacks).succeed(eq("task-token-1"), anyString());
        verify(store).markTaskCompleted(eq("apr-1"), any());
    }

    @Test
    void decide_secondApproval_publishesTheDecisionToTheSecurityAlertsOnce() {
        when(store.decisions("apr-1")).thenReturn(List.of(approval("alice"), approval("bob")));
        when(store.finish(eq("apr-1"), eq(ApprovalStatus.APPROVED), any(), any())).thenReturn(true);
        when(store.find("apr-1")).thenReturn(Optional.of(stored(ApprovalStatus.PENDING)),
                Optional.of(stored(ApprovalStatus.PENDING)), Optional.of(new StoredRequest(approved(), "task-token-1", true, false)));
        when(audit.append(any())).thenReturn(true);
        when(callbacks.succeed(anyString(), anyString())).thenReturn(TaskCallbacks.Delivery.DELIVERED);

        desk.decide(post("bob", form("bob", "n2", "APPROVE", null)));

        verify(alerts).publish(eq("approval.decided"), argThat(details -> "APPROVED".equals(details.get("outcome"))
                && "apr-1".equals(details.get("requestId")) && "INC-7".equals(details.get("incidentId"))));
    }

    private AuditEntry onlyAuditEntry() {
        ArgumentCaptor<AuditEntry> entry = ArgumentCaptor.forClass(AuditEntry.class);
        verify(audit).append(entry.capture());
        return entry.getValue();
    }

    private static Reason refusal(PageView view) {
        assertThat(view).isInstanceOf(Refusal.class);
        return ((Refusal) view).reason();
    }

    private static Decision approval(String approver) {
        return new Decision(approver, Verdict.APPROVE, null, NOW, "203.0.113.9", "test-browser");
    }

    private static ApprovalRequest approved() {
        ApprovalRequest pending = Fixtures.request(ApprovalStatus.PENDING);
        return new ApprovalRequest(pending.requestId(), pending.incidentId(), pending.approvalType(), pending.plan(),
                pending.tier(), pending.summary(), pending.evidence(), pending.evidenceDigest(), pending.approvers(),
                pending.requiredApprovals(), pending.createdAt(), pending.expiresAt(), ApprovalStatus.APPROVED, NOW, null);
    }
}
