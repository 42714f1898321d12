package exchange.recovery.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.Json;

class RestoreRequestsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T04:00:00Z");
    private final ObjectRestoreSettings settings = new ObjectRestoreSettings("manifests",
            Set.of("exchange-statements", "exchange-backups"),
            List.of(new ObjectRestoreSettings.Watch("exchange-s3-statements-*", "exchange-statements", "statements/")),
            500, 8, Duration.ofMinutes(10));
    private final RestoreRequests requests = new RestoreRequests(settings, Clock.fixed(NOW, ZoneOffset.UTC));

    private static ObjectRestoreRequest console(String bucket, String restoreTime, String damage, String newObjects) {
        return new ObjectRestoreRequest("INC-1", bucket, "p/", restoreTime, damage, newObjects, null, null, null, null, null, null);
    }

    @Test
    void normalise_derivesTheSameRestoreIdForTheSameRestore_soThatStartingAgainResumes() {
        RestoreSpec first = requests.normalise(console("exchange-statements", "2026-11-28T02:59:00Z", null, null));
        RestoreSpec again = requests.normalise(console("exchange-statements", "2026-11-28T02:59:00Z", null, "keep"));
        RestoreSpec other = requests.normalise(console("exchange-statements", "2026-11-28T02:59:00Z", null, "delete-marker"));

        assertThat(first.restoreId()).matches("os-[0-9a-f]{16}").isEqualTo(again.restoreId()).isNotEqualTo(other.restoreId());
        assertThat(other.newObjects()).isEqualTo(NewObjects.DELETE_MARKER);
    }

    @Test
    void normalise_restoresToTheLastWholeSecondBeforeTheDamage() {
        assertThat(requests.normalise(console("exchange-statements", null, "2026-11-28T03:00:00Z", null)).restoreTime())
                .isEqualTo(Instant.parse("2026-11-28T02:59:59Z"));
        assertThat(requests.normalise(console("exchange-statements", null, "2026-11-28T03:00:00.250Z", null)).restoreTime())
                .isEqualTo(Instant.parse("2026-11-28T03:00:00Z"));
    }

    @Test
    void normalise_listsEveryProblemOfABadInputAtOnce() {
        assertThatThrownBy(() -> requests.normalise(new ObjectRestoreRequest(null, "someone-elses", "p/",
                "2999-01-01T00:00:00Z", null, "shred", null, null, null, null, null, null)))
                .isInstanceOf(InvalidObjectRestoreInput.class)
                .hasMessageContaining("4 problems").hasMessageContaining("incidentId is required")
                .hasMessageContaining("someone-elses is not one this restore may touch")
                .hasMessageContaining("is in the future").hasMessageContaining("newObjects \"shred\"");
    }

    @Test
    void normalise_refusesARequestWithoutATime() {
        assertThatThrownBy(() -> requests.normalise(console("exchange-statements", null, null, null)))
                .isInstanceOf(InvalidObjectRestoreInput.class).hasMessageContaining("restoreTime or damageStartedAt is required");
    }

    @Test
    void normalise_resolvesAnAlarmToItsWatchedPrefix_andGoesBackByTheLookback() throws Exception {
        ObjectRestoreRequest event = Json.MAPPER.readValue(Files.readString(Path.of("../events/alarm-s3-deleted-objects.json")),
                ObjectRestoreRequest.class);

        RestoreSpec spec = requests.normalise(event);

        assertThat(spec.bucket()).isEqualTo("exchange-statements");
        assertThat(spec.prefix()).isEqualTo("statements/");
        assertThat(spec.restoreTime()).isEqualTo(Instant.parse("2026-11-28T03:00:05Z"));
        assertThat(spec.newObjects()).isEqualTo(NewObjects.KEEP);
        assertThat(spec.incidentId()).isEqualTo("S3-exchange-s3-statements-deleted-objects-20261128T0310Z");
        assertThat(spec.trigger()).isEqualTo("alarm exchange-s3-statements-deleted-objects");
    }

    @Test
    void normalise_refusesAnAlarmThatWatchesNoBucket() {
        ObjectRestoreRequest event = new ObjectRestoreRequest(null, null, null, null, null, null, null, null, null,
                "CloudWatch Alarm State Change", "2026-11-28T03:10:05Z",
                Json.read("{\"alarmName\":\"exchange-s3-unknown\",\"state\":{\"value\":\"ALARM\"}}"));

        assertThatThrownBy(() -> requests.normalise(event)).isInstanceOf(InvalidObjectRestoreInput.class)
                .hasMessageContaining("watches no bucket");
    }

    @Test
    void normalise_acceptsAnUndoOfARestoreId_only() {
        RestoreSpec undo = requests.normalise(new ObjectRestoreRequest("INC-1", null, null, null, null, null, null,
                "os-0123456789abcdef", null, null, null, null));
        assertThat(undo.restoreId()).isEqualTo("undo-os-0123456789abcdef");
        assertThat(undo.undo()).isTrue();

        assertThatThrownBy(() -> requests.normalise(new ObjectRestoreRequest("INC-1", null, null, null, null, null, null,
                "../other", null, null, null, null))).isInstanceOf(InvalidObjectRestoreInput.class);
    }

    @Test
    void settings_refuseAWatchOnABucketTheRestoreMayNotTouch() {
        assertThatThrownBy(() -> new ObjectRestoreSettings("m", Set.of("a-bucket"),
                List.of(new ObjectRestoreSettings.Watch("x-*", "b-bucket", "")), 500, 8, Duration.ZERO))
                .hasMessageContaining("b-bucket");
    }
}
