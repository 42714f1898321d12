package exchange.recovery.approval;

import static exchange.recovery.approval.Fixtures.CLOCK;
import static exchange.recovery.approval.Fixtures.EXPIRES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

import exchange.recovery.core.TransientFailure;

@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
class ApprovalHeartbeatTest {

    @Mock
    private ApprovalStore store;
    @Mock
    private AuditLog audit;
    @Mock
    private TaskCallbacks callbacks;

    @BeforeEach
    void setUp() {
        when(store.pendingRequestIds()).thenReturn(List.of("apr-1"));
        when(store.find("apr-1")).thenReturn(Optional.of(Fixtures.stored(ApprovalStatus.PENDING)));
        when(store.finish(anyString(), any(), any(), anyString())).thenReturn(true);
    }

    @Test
    void beat_keepsAPendingUnexpiredRequestAlive() {
        when(callbacks.heartbeat("task-token-1")).thenReturn(TaskCallbacks.Delivery.DELIVERED);

        ApprovalHeartbeat.Result result = new ApprovalHeartbeat(store, audit, callbacks, CLOCK).beat();

        assertThat(result.heartbeats()).isEqualTo(1);
        verify(store, never()).finish(anyString(), any(), any(), anyString());
    }

    @Test
    void beat_closesAnExpiredRequestWithoutTouchingTheTask() {
        ApprovalHeartbeat.Result result = new ApprovalHeartbeat(store, audit, callbacks,
                Clock.fixed(EXPIRES.plusSeconds(1), ZoneOffset.UTC)).beat();

        assertThat(result.expired()).isEqualTo(1);
        verify(store).finish(eq("apr-1"), eq(ApprovalStatus.EXPIRED), any(), anyString());
        verify(audit).append(any());
        verify(callbacks, never()).heartbeat(anyString());
    }

    @Test
    void beat_oneFailingRequest_isCountedAndLogged_andTheOthersStillGetTheirHeartbeat() {
        // GIVEN two pending requests, the first of which cannot be read
        when(store.pendingRequestIds()).thenReturn(List.of("apr-broken", "apr-1"));
        when(store.find("apr-broken")).thenThrow(new TransientFailure("item unreadable"));
        when(callbacks.heartbeat("task-token-1")).thenReturn(TaskCallbacks.Delivery.DELIVERED);

        // WHEN the heartbeat runs
        ApprovalHeartbeat.Result result = new ApprovalHeartbeat(store, audit, callbacks, CLOCK).beat();

        // THEN the healthy request still got its heartbeat, and the failure is counted
        verify(callbacks).heartbeat("task-token-1");
        assertThat(result.heartbeats()).isEqualTo(1);
        assertThat(result.failed()).isEqualTo(1);
    }

    @Test
    void beat_completesTheTaskOfADecidedRequestThatAFailedPageRequestLeftWaiting() {
        ApprovalRequest approved = new ApprovalRequest("apr-2", "INC-7", "withdrawal-resumption", null, null, "s",
                Fixtures.EVIDENCE, "d", List.of("alice", "bob", "carol"), 2, Fixtures.NOW, EXPIRES, ApprovalStatus.APPROVED,
                Fixtures.NOW, null);
        when(store.pendingRequestIds()).thenReturn(List.of());
        when(store.settlingRequestIds()).thenReturn(List.of("apr-2"));
        when(store.find("apr-2")).thenReturn(Optional.of(new StoredRequest(approved, "task-token-2", true, false)));
        when(callbacks.succeed(eq("task-token-2"), anyString())).thenReturn(TaskCallbacks.Delivery.DELIVERED);

        ApprovalHeartbeat.Result result = new ApprovalHeartbeat(store, audit, callbacks, CLOCK).beat();

        verify(callbacks).succeed(eq("task-token-2"), anyString());
        verify(store).markTaskCompleted(eq("apr-2"), any());
        assertThat(result.settled()).isEqualTo(1);
    }

    @Test
    void beat_closesARequestWhoseExecutionStoppedWaiting() {
        when(callbacks.heartbeat("task-token-1")).thenReturn(TaskCallbacks.Delivery.TASK_GONE);

        ApprovalHeartbeat.Result result = new ApprovalHeartbeat(store, audit, callbacks, CLOCK).beat();

        assertThat(result.expired()).isEqualTo(1);
        verify(store).finish(eq("apr-1"), eq(ApprovalStatus.EXPIRED), any(), eq("the waiting execution is no longer waiting"));
    }
}
