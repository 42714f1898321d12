package exchange.recovery.approval;

import static exchange.recovery.approval.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class ApprovalRecordsTest {

    @Mock
    private ApprovalStore store;

    private ApprovalRecords records;
    private ApprovalRequest approved;

    @BeforeEach
    void setUp() {
        records = new ApprovalRecords(store);
        ApprovalRequest pending = Fixtures.request(ApprovalStatus.PENDING);
        approved = new ApprovalRequest(pending.requestId(), pending.incidentId(), pending.approvalType(), null, null,
                pending.summary(), pending.evidence(), pending.evidenceDigest(), pending.approvers(), 2, NOW,
                Fixtures.EXPIRES, ApprovalStatus.APPROVED, NOW, null);
        when(store.find("apr-1")).thenReturn(Optional.of(new StoredRequest(approved, "t", true, true)));
        when(store.decisions("apr-1")).thenReturn(List.of(approval("alice"), approval("bob")));
    }

    @Test
    void verify_acceptsTheRecordOfAnApprovedRequestForTheIncident() {
        assertThat(records.verify(record("INC-7", List.of("alice", "bob"), approved.evidenceDigest()), "INC-7",
                "withdrawal-resumption")).isEqualTo(approved);
    }

    @Test
    void verify_refusesARecordFromAnotherIncident() {
        assertThatThrownBy(() -> records.verify(record("INC-7", List.of("alice", "bob"), approved.evidenceDigest()),
                "INC-8", "withdrawal-resumption")).isInstanceOf(ApprovalNotValid.class).hasMessageContaining("INC-8");
    }

    @Test
    void verify_refusesARecordNamingAnApproverWhoDidNotApprove() {
        assertThatThrownBy(() -> records.verify(record("INC-7", List.of("alice", "bob", "carol"), approved.evidenceDigest()),
                "INC-7", "withdrawal-resumption")).isInstanceOf(ApprovalNotValid.class);
    }

    @Test
    void verify_refusesARecordWithAnotherEvidenceDigest() {
        assertThatThrownBy(() -> records.verify(record("INC-7", List.of("alice", "bob"), "0".repeat(64)),
                "INC-7", "withdrawal-resumption")).isInstanceOf(ApprovalNotValid.class).hasMessageContaining("evidence");
    }

    @Test
    void verify_refusesARequestThatIsNotApproved() {
        when(store.find("apr-1")).thenReturn(Optional.of(Fixtures.stored(ApprovalStatus.PENDING)));

        assertThatThrownBy(() -> records.verify(record("INC-7", List.of("alice", "bob"), approved.evidenceDigest()),
                "INC-7", "withdrawal-resumption")).isInstanceOf(ApprovalNotValid.class).hasMessageContaining("PENDING");
    }

    @Test
    void verify_refusesWhenFewerDistinctApproversApprovedThanRequired() {
        when(store.decisions("apr-1")).thenReturn(List.of(approval("alice")));

        assertThatThrownBy(() -> records.verify(record("INC-7", List.of("alice"), approved.evidenceDigest()),
                "INC-7", "withdrawal-resumption")).isInstanceOf(ApprovalNotValid.class).hasMessageContaining("1 of 2");
    }

    @Test
    void verify_refusesAMissingRecord() {
        assertThatThrownBy(() -> records.verify(null, "INC-7", "withdrawal-resumption")).isInstanceOf(ApprovalNotValid.class);
    }

    private static DecisionRecord record(String incidentId, List<String> approvers, String digest) {
        return new DecisionRecord("apr-1", incidentId, "withdrawal-resumption", ApprovalStatus.APPROVED, 2,
                approvers.stream().map(a -> new DecisionRecord.Approval(a, NOW, null)).toList(), digest, NOW, NOW);
    }

    private static Decision approval(String approver) {
        return new Decision(approver, Verdict.APPROVE, null, NOW, null, null);
    }
}
