package exchange.recovery.local.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.exchange.LocalExchange;
import exchange.recovery.local.stack.Need;
import exchange.recovery.objects.PlannedKey;
import exchange.recovery.report.RecoveryReport;

class ObjectRestoresTest {

    private static final Instant T = Instant.parse("2026-12-08T02:00:00Z");
    private static final RecoveryReport NO_INCIDENT = new RecoveryReport(null, null, T, List.of(), List.of(), List.of(),
            List.of(), "inbox", null, T);

    @Test
    void theS3Scenarios_followTheObjectRestore_needNeitherPostgresNorRedis_andWatchABucketTheRestoreMayTouch() {
        for (String name : List.of("s3-accidental-deletion", "s3-overwrite-corruption")) {
            Scenario scenario = Scenarios.find(name).orElseThrow();
            assertThat(scenario.follows()).as(name).isEqualTo(Follows.OBJECT_RESTORE);
            assertThat(scenario.needs()).as(name).doesNotContain(Need.POSTGRES, Need.REDIS, Need.POINT_IN_TIME_RESTORE);
            // template.yaml's rule starts the restore for alarms named ${AlarmNamePrefix}s3-* (prefix "exchange-")
            assertThat(scenario.alarms()).as(name).allSatisfy(alarm -> assertThat(alarm.name()).startsWith("exchange-s3-"));
            Map<String, String> parameters = scenario.stackSettings(java.nio.file.Path.of(".")).setup().parameters();
            JsonNode watch = Json.read(parameters.get("ObjectRestoreWatches")).get(0);
            assertThat(watch.path("alarm").asText()).isEqualTo(scenario.alarms().get(0).name());
            assertThat(LocalExchange.VERSIONED_BUCKETS).contains(watch.path("bucket").asText());
            assertThat(parameters.get("ObjectRestoreAlarmLookbackSeconds")).isEqualTo(String.valueOf(ObjectRestores.LOOKBACK.toSeconds()));
        }
    }

    @Test
    void oneCopyForwardPerRestoredKey_holdsForOneCopyEach_andFailsForATwiceCopiedOrUncopiedKey() {
        ObjectRestoreReport once = report(2, Map.of("a", List.of(version("v1", 0, "e1"), marker(5), version("c1", 9, "e1", true)),
                "b", List.of(version("v2", 0, "e2"), marker(5), version("c2", 9, "e2", true))));
        ObjectRestoreReport twice = report(2, Map.of("a", List.of(version("v1", 0, "e1"), marker(5), version("c1", 8, "e1"),
                version("c1b", 9, "e1", true)), "b", List.of(version("v2", 0, "e2"), marker(5), version("c2", 9, "e2", true))));
        ObjectRestoreReport missing = report(2, Map.of("a", List.of(version("v1", 0, "e1"), marker(5, true)),
                "b", List.of(version("v2", 0, "e2"), marker(5), version("c2", 9, "e2", true))));

        Expectation expectation = ObjectRestores.oneCopyForwardPerRestoredKey();

        assertThat(expectation.check(new PlanReport(NO_INCIDENT, once)).met()).isTrue();
        assertThat(expectation.check(new PlanReport(NO_INCIDENT, twice)).observed()).contains("2=1");
        assertThat(expectation.check(new PlanReport(NO_INCIDENT, twice)).met()).isFalse();
        assertThat(expectation.check(new PlanReport(NO_INCIDENT, missing)).met()).isFalse();
    }

    @Test
    void countsAddUp_failsWhenTheKeysUnderThePrefixAreNotTheKeysCounted() {
        ObjectRestoreReport oneKeyMissing = report(3, Map.of("a", List.of(version("v1", 0, "e1"), version("c1", 9, "e1", true))));

        assertThat(ObjectRestores.countsAddUp().check(new PlanReport(NO_INCIDENT, oneKeyMissing)).met()).isFalse();
        assertThat(ObjectRestores.countsAddUp().check(new PlanReport(NO_INCIDENT, report(1, oneKeyMissing.histories()))).met()).isTrue();
    }

    @Test
    void createdAfterListedAndKept_failsWhenANewKeyWasHidden() {
        Map<String, List<ObjectRestoreReport.Version>> histories = new LinkedHashMap<>();
        histories.put("new", List.of(version("n1", 9, "e9"), marker(10, true)));
        ObjectRestoreReport hidden = new ObjectRestoreReport("arn", "SUCCEEDED", "os-1", "alarm x", "b", "p/", T, 1, 0, 0, 1, 0,
                true, List.of(new ObjectRestoreReport.Listed("new", "SKIPPED", PlannedKey.CREATED_AFTER)), "s3://m/r", histories);

        ExpectationResult result = ObjectRestores.createdAfterListedAndKept(1).check(new PlanReport(NO_INCIDENT, hidden));

        assertThat(result.met()).isFalse();
        assertThat(result.observed()).isEqualTo("listed 1, kept 0");
    }

    @Test
    void anObjectRestoreExpectation_onAPlatformRecovery_isNotMet_andSaysWhy() {
        ExpectationResult result = ObjectRestores.verified().check(new PlanReport(NO_INCIDENT, null));

        assertThat(result.met()).isFalse();
        assertThat(result.observed()).contains("no object restore report");
    }

    private static ObjectRestoreReport report(long restored, Map<String, List<ObjectRestoreReport.Version>> histories) {
        return new ObjectRestoreReport("arn", "SUCCEEDED", "os-1", "alarm x", "b", "p/", T, restored, restored, 0, 0, 0,
                true, List.of(), "s3://m/r", histories);
    }

    private static ObjectRestoreReport.Version version(String id, int second, String eTag) {
        return version(id, second, eTag, false);
    }

    private static ObjectRestoreReport.Version version(String id, int second, String eTag, boolean latest) {
        return new ObjectRestoreReport.Version(id, T.plusSeconds(second), eTag, false, latest);
    }

    private static ObjectRestoreReport.Version marker(int second) {
        return marker(second, false);
    }

    private static ObjectRestoreReport.Version marker(int second, boolean latest) {
        return new ObjectRestoreReport.Version("m" + second, T.plusSeconds(second), null, true, latest);
    }
}
