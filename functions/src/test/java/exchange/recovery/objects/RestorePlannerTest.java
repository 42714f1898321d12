package exchange.recovery.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.util.Set;

import org.junit.jupiter.api.Test;

class RestorePlannerTest {

    private static final Instant T = Instant.parse("2026-11-28T03:00:00Z");
    private static final Instant BEFORE = T.minusSeconds(60);
    private static final Instant AFTER = T.plusSeconds(60);

    private static VersionEntry version(String id, Instant at, boolean latest) {
        return new VersionEntry("k", id, false, latest, at, 10L, "\"etag-" + id + "\"");
    }

    private static VersionEntry marker(String id, Instant at, boolean latest) {
        return new VersionEntry("k", id, true, latest, at, null, null);
    }

    private static PlannedKey decide(NewObjects option, VersionEntry... newestFirst) {
        return RestorePlanner.decide(new KeyHistory("k", List.of(newestFirst)), T, option).orElse(null);
    }

    @Test
    void aKeyOverwrittenAfterT_isCopiedForwardFromItsVersionAtT() {
        PlannedKey key = decide(NewObjects.KEEP, version("bad", AFTER, true), version("good", BEFORE, false));

        assertThat(key.action()).isEqualTo(Action.COPY_FORWARD);
        assertThat(key.sourceVersion()).isEqualTo("good");
        assertThat(key.expectCurrent()).isEqualTo("bad");
        assertThat(key.etagAtT()).isEqualTo("\"etag-good\"");
    }

    @Test
    void aKeyDeletedAfterT_isCopiedForwardOverItsDeleteMarker() {
        PlannedKey key = decide(NewObjects.KEEP, marker("dm", AFTER, true), version("good", BEFORE, false));

        assertThat(key.action()).isEqualTo(Action.COPY_FORWARD);
        assertThat(key.expectCurrent()).isNull();
    }

    @Test
    void aVersionWrittenInTheSecondOfT_countsAsCurrentAtT() {
        PlannedKey key = decide(NewObjects.KEEP, version("bad", AFTER, true), version("atT", T, false), version("old", BEFORE, false));

        assertThat(key.sourceVersion()).isEqualTo("atT");
    }

    @Test
    void aKeyUnchangedSinceT_isLeftAlone() {
        assertThat(decide(NewObjects.KEEP, version("good", BEFORE, true)).action()).isEqualTo(Action.NONE);
        assertThat(decide(NewObjects.KEEP, version("good", BEFORE, true)).reason()).isEqualTo(PlannedKey.UNCHANGED);
    }

    @Test
    void aKeyCreatedAfterT_isKeptAndListed_orHiddenWhenAsked() {
        assertThat(decide(NewObjects.KEEP, version("new", AFTER, true)).reason()).isEqualTo(PlannedKey.CREATED_AFTER);
        PlannedKey hidden = decide(NewObjects.DELETE_MARKER, version("new", AFTER, true));
        assertThat(hidden.action()).isEqualTo(Action.DELETE_MARKER);
        assertThat(hidden.expectCurrent()).isEqualTo("new");
    }

    @Test
    void aKeyDeletedBeforeTAndStillDeleted_isNotAnObjectOfThePlan() {
        assertThat(decide(NewObjects.DELETE_MARKER, marker("dm", BEFORE, true), version("old", BEFORE.minusSeconds(60), false)))
                .isNull();
    }

    @Test
    void aKeyDeletedAtTButRecreatedAfter_isTreatedAsCreatedAfterT() {
        PlannedKey key = decide(NewObjects.KEEP, version("new", AFTER, true), marker("dm", BEFORE, false),
                version("old", BEFORE.minusSeconds(60), false));

        assertThat(key.reason()).isEqualTo(PlannedKey.CREATED_AFTER);
    }

    @Test
    void aBucketWithoutVersioning_isRefusedBeforeAnythingIsListed_andReportedNotReady() {
        ObjectStore store = mock(ObjectStore.class);
        when(store.versioning("suspended-bucket")).thenReturn("Suspended");
        when(store.versioning("good-bucket")).thenReturn("Enabled");
        RestorePlanner planner = new RestorePlanner(store, new Manifests(store, "manifests"), 500,
                Set.of("suspended-bucket", "good-bucket"), Clock.fixed(T.plusSeconds(3600), ZoneOffset.UTC));

        assertThatThrownBy(() -> planner.plan(new RestoreSpec("os-0123456789abcdef", "INC-1", "suspended-bucket", "p/", T,
                NewObjects.KEEP, true, null, "console"))).isInstanceOf(BucketNotVersioned.class)
                .hasMessageContaining("versioning Suspended");
        verify(store, never()).histories(anyString(), anyString(), any());
        assertThat(planner.readiness()).extracting(BucketReadiness::bucket, BucketReadiness::ready)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("good-bucket", true),
                        org.assertj.core.groups.Tuple.tuple("suspended-bucket", false));
    }
}
