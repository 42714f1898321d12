package exchange.recovery.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;

class BatchRestorerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T04:00:00Z");
    private static final String ID = "os-0123456789abcdef";

    private final ObjectStore store = mock(ObjectStore.class);
    private final BatchRestorer restorer = new BatchRestorer(store, new Manifests(store, "manifests"),
            Executors.newSingleThreadExecutor(), RestoreListener.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
    private final RestorePlan plan = new RestorePlan(ID, "INC-1", "logs", "p/", NOW.minusSeconds(3600), NewObjects.KEEP,
            null, "console", false, true, "manifests", "k", 1, 1, Map.of(), List.of(), List.of(), NOW);
    private final PlannedKey overwritten = new PlannedKey("p/a", Action.COPY_FORWARD, "good", "bad", "good", 4L, "\"e\"", "overwritten");

    private static StoredObject object(String version, Map<String, String> metadata, String lockMode, Instant until, boolean hold) {
        return new StoredObject(version, 4, "\"e\"", "SHA256", "c2hh", metadata, "text/plain", null, null, null, null,
                null, null, lockMode, until, hold);
    }

    @Test
    void aKeyThisRestoreAlreadyCopied_isNotCopiedAgain() {
        when(store.current("logs", "p/a")).thenReturn(Optional.of(object("copy",
                Map.of(StoredObject.RESTORE_ID, ID, StoredObject.RESTORED_FROM, "good"), null, null, false)));

        KeyOutcome outcome = restorer.restore(plan, overwritten);

        assertThat(outcome.outcome()).isEqualTo(Outcome.RESTORED);
        assertThat(outcome.copiedNow()).isFalse();
        assertThat(outcome.madeCurrent()).isEqualTo("copy");
        verify(store, never()).copyForward(anyString(), anyString(), any(), anyString());
    }

    @Test
    void aKeyUnderLegalHoldOrRetention_isReportedAndNotTouched() {
        when(store.current("logs", "p/a")).thenReturn(Optional.of(object("bad", Map.of(), null, null, true)));
        assertThat(restorer.restore(plan, overwritten).detail()).contains("legal hold");

        when(store.current("logs", "p/a")).thenReturn(Optional.of(object("bad", Map.of(), "COMPLIANCE", NOW.plusSeconds(60), false)));
        KeyOutcome retained = restorer.restore(plan, overwritten);

        assertThat(retained.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(retained.detail()).contains("object lock COMPLIANCE");
        verify(store, never()).copyForward(anyString(), anyString(), any(), anyString());
    }

    @Test
    void aKeyChangedSinceThePlan_isNotOverwritten_andFailsWithTheReason() {
        when(store.current("logs", "p/a")).thenReturn(Optional.of(object("someone-elses", Map.of(), null, null, false)));

        KeyOutcome outcome = restorer.restore(plan, overwritten);

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.detail()).contains("changed since the plan");
        verify(store, never()).copyForward(anyString(), anyString(), any(), anyString());
    }

    @Test
    void aCopyWhoseChecksumDiffersFromItsSource_fails() {
        StoredObject source = object("good", Map.of(), null, null, false);
        when(store.current("logs", "p/a")).thenReturn(Optional.of(object("bad", Map.of(), null, null, false)));
        when(store.version("logs", "p/a", "good")).thenReturn(Optional.of(source));
        when(store.copyForward("logs", "p/a", source, ID)).thenReturn(CopyObjectResponse.builder().versionId("copy")
                .copyObjectResult(CopyObjectResult.builder().checksumSHA256("other").build()).build());

        KeyOutcome outcome = restorer.restore(plan, overwritten);

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.detail()).contains("SHA256 other instead of c2hh");
    }

    @Test
    void aFaithfulCopy_isRestoredAndRemembersTheVersionItReplaced() {
        StoredObject source = object("good", Map.of(), null, null, false);
        when(store.current("logs", "p/a")).thenReturn(Optional.of(object("bad", Map.of(), null, null, false)));
        when(store.version("logs", "p/a", "good")).thenReturn(Optional.of(source));
        when(store.copyForward("logs", "p/a", source, ID)).thenReturn(CopyObjectResponse.builder().versionId("copy")
                .copyObjectResult(CopyObjectResult.builder().checksumSHA256("c2hh").build()).build());

        KeyOutcome outcome = restorer.restore(plan, overwritten);

        assertThat(outcome.outcome()).isEqualTo(Outcome.RESTORED);
        assertThat(outcome.copiedNow()).isTrue();
        assertThat(outcome.madeCurrent()).isEqualTo("copy");
        assertThat(outcome.previous()).isEqualTo("bad");
    }
}
