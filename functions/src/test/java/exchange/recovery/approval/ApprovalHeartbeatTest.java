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
    void beat_closesARequestWhoseExecutionStoppedWaiting() {
        when(callbacks.heartbeat("task-token-1")).thenReturn(TaskCallbacks.Delivery.TASK_GONE);

        ApprovalHeartbeat.Result result = new ApprovalHeartbeat(store, audit, callbacks, CLOCK).beat();

        assertThat(result.expired()).isEqualTo(1);
        verify(store).finish(eq("apr-1"), eq(ApprovalStatus.EXPIRED), any(), eq("the waiting execution is no longer waiting"));
    }
}
