package exchange.recovery.rds;

import static exchange.recovery.rds.TestInstances.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;

class RestoredInstanceCutOverTest {

    private static final Instant RESTORED_TO = Instant.parse("2026-03-10T10:59:59Z");
    private static final String INCIDENT = "INC-42";
    private static final String RESTORED = "exchange-db-pitr-inc-42";
    private static final String RETAINED = "exchange-db-old-inc-42";

    private final InMemoryRds rds = new InMemoryRds();
    private RestoredInstanceCutOver cutOver;

    @BeforeEach
    void setUp() {
        cutOver = new RestoredInstanceCutOver(new RdsGateway(rds), new Backoff(Duration.ofSeconds(15), Duration.ofSeconds(120)), SOURCE);
        DBInstance source = TestInstances.source(RESTORED_TO).build();
        rds.put(source);
        rds.put(PointInTimeRestoreTest.restoredCopy(source, RESTORED, INCIDENT, RESTORED_TO, RESTORED_TO.plusSeconds(1))
                .toBuilder().monitoringInterval(0).monitoringRoleArn(null).performanceInsightsEnabled(false).build());
    }

    @Test
    void cutOver_swapsNamesAndKeepsTheOriginalForForensics() {
        List<String> steps = runToCompletion();

        assertThat(steps).containsExactly("align-settings", "retain-source", "promote-restored", "complete");
        DBInstance production = rds.get(SOURCE);
        assertThat(RecoveryTags.restoredFor(production, INCIDENT)).as("production name holds the copy").isTrue();
        DBInstance retained = rds.get(RETAINED);
        assertThat(retained.dbiResourceId()).isEqualTo("db-SOURCE");
        assertThat(retained.deletionProtection()).isTrue();
        assertThat(RecoveryTags.find(retained, RecoveryTags.RETAINED_FOR)).contains("forensics");
        assertThat(RecoveryTags.find(retained, RecoveryTags.REPLACED_BY)).contains(RESTORED);
        assertThat(rds.all()).containsOnlyKeys(SOURCE, RETAINED);
    }

    @Test
    void cutOver_givesTheCopyTheMonitoringARestoreCannotCarry() {
        CutOverResult first = cutOver.advance(request(0));

        assertThat(first.step()).isEqualTo("align-settings");
        ModifyDbInstanceRequest alignment = rds.modifications().get(0);
        assertThat(alignment.dbInstanceIdentifier()).isEqualTo(RESTORED);
        assertThat(alignment.monitoringInterval()).isEqualTo(15);
        assertThat(alignment.monitoringRoleArn()).isEqualTo(TestInstances.MONITORING_ROLE);
        assertThat(alignment.enablePerformanceInsights()).isTrue();
        assertThat(alignment.performanceInsightsKMSKeyId()).isEqualTo(TestInstances.KMS_KEY);
        assertThat(alignment.performanceInsightsRetentionPeriod()).isEqualTo(7);
        assertThat(alignment.applyImmediately()).isTrue();
    }

    @Test
    void cutOver_waitsForTheRestoredCopyToBeAvailable() {
        rds.update(RESTORED, copy -> copy.dbInstanceStatus("creating"));

        CutOverResult result = cutOver.advance(request(2));

        assertThat(result.status()).isEqualTo(CutOverResult.PENDING);
        assertThat(result.step()).isEqualTo("wait-restored");
        assertThat(result.nextWaitSeconds()).isEqualTo(60);
        assertThat(result.attempt()).isEqualTo(3);
        assertThat(rds.modifications()).isEmpty();
    }

    @Test
    void cutOver_waitsWhileTheOriginalIsBeingRenamed() {
        runSteps(2);
        assertThat(rds.get(RETAINED).dbInstanceStatus()).isEqualTo("renaming");
        int before = rds.modifications().size();

        CutOverResult result = cutOver.advance(request(2));

        assertThat(result.step()).isEqualTo("wait-source-rename");
        assertThat(rds.modifications()).hasSize(before);
    }

    @Test
    void cutOver_rerunAfterAPartialCutOverCompletesIt() {
        runSteps(2);
        rds.settle();
        RestoredInstanceCutOver rerun = new RestoredInstanceCutOver(new RdsGateway(rds),
                new Backoff(Duration.ofSeconds(15), Duration.ofSeconds(120)), SOURCE);

        CutOverResult promote = rerun.advance(request(0));
        rds.settle();
        CutOverResult done = rerun.advance(request(1));

        assertThat(promote.step()).isEqualTo("promote-restored");
        assertThat(done.status()).isEqualTo(CutOverResult.COMPLETE);
        assertThat(done.address()).isEqualTo(SOURCE + TestInstances.ENDPOINT_SUFFIX);
        assertThat(done.database()).isEqualTo(SOURCE + TestInstances.ENDPOINT_SUFFIX + ":5433/exchange");
    }

    @Test
    void cutOver_isCompleteAgainWithoutChangesWhenRunAfterCompletion() {
        runToCompletion();
        int before = rds.modifications().size();

        CutOverResult again = cutOver.advance(request(0));

        assertThat(again.status()).isEqualTo(CutOverResult.COMPLETE);
        assertThat(rds.modifications()).hasSize(before);
    }

    @Test
    void cutOver_setsDeletionProtectionAgainWhenSomeoneRemovedIt() {
        runToCompletion();
        rds.update(RETAINED, old -> old.deletionProtection(false));

        CutOverResult result = cutOver.advance(request(0));

        assertThat(result.step()).isEqualTo("protect-retained");
        assertThat(rds.get(RETAINED).deletionProtection()).isTrue();
    }

    @Test
    void cutOver_refusesWhenTheRetainedNameIsTakenByAnUnknownInstance() {
        rds.put(TestInstances.named(TestInstances.source(RESTORED_TO).tagList(List.of()).build(), RETAINED));
        rds.update(RESTORED, copy -> copy.monitoringInterval(15).monitoringRoleArn(TestInstances.MONITORING_ROLE)
                .performanceInsightsEnabled(true).performanceInsightsRetentionPeriod(7));

        assertThatThrownBy(() -> cutOver.advance(request(0)))
                .isInstanceOf(CutOverConflict.class)
                .hasMessageContaining(RETAINED + " exists while " + SOURCE + " still holds the production name");
        assertThat(rds.modifications()).isEmpty();
    }

    @Test
    void cutOver_refusesWhenTheOriginalIsMissing() {
        rds.all().remove(SOURCE);

        assertThatThrownBy(() -> cutOver.advance(request(0)))
                .isInstanceOf(CutOverConflict.class)
                .hasMessageContaining("the original instance is missing");
        assertThat(rds.modifications()).isEmpty();
    }

    @Test
    void cutOver_refusesACopyRestoredForAnotherIncident() {
        assertThatThrownBy(() -> cutOver.advance(new CutOverRequest("INC-43", null, 0)))
                .isInstanceOf(InstanceNotFound.class)
                .hasMessageContaining("exchange-db-pitr-inc-43");
        rds.put(PointInTimeRestoreTest.restoredCopy(rds.get(SOURCE), "exchange-db-pitr-inc-43", "INC-9", RESTORED_TO, RESTORED_TO));

        assertThatThrownBy(() -> cutOver.advance(new CutOverRequest("INC-43", null, 0)))
                .isInstanceOf(CutOverConflict.class)
                .hasMessageContaining("was not restored for incident INC-43");
        assertThat(rds.modifications()).isEmpty();
    }

    @Test
    void cutOver_putsTheCopyTheRestoreStepNamed_andLeavesTheRefusedOneAlone() {
        String later = RESTORED + "-at-20260310t105000z";
        rds.put(PointInTimeRestoreTest.restoredCopy(rds.get(SOURCE), later, INCIDENT, RESTORED_TO.minusSeconds(599), RESTORED_TO)
                .toBuilder().monitoringInterval(0).monitoringRoleArn(null).performanceInsightsEnabled(false).build());

        CutOverResult result = null;
        for (int attempt = 0; attempt < 10 && (result == null || !CutOverResult.COMPLETE.equals(result.status())); attempt++) {
            result = cutOver.advance(new CutOverRequest(INCIDENT, null, later, attempt));
            rds.settle();
        }

        assertThat(result.status()).isEqualTo(CutOverResult.COMPLETE);
        assertThat(RecoveryTags.find(rds.get(SOURCE), RecoveryTags.RESTORE_TIME)).contains(RESTORED_TO.minusSeconds(599).toString());
        assertThat(RecoveryTags.find(rds.get(RETAINED), RecoveryTags.REPLACED_BY)).contains(later);
        assertThat(rds.all()).containsOnlyKeys(SOURCE, RETAINED, RESTORED);
    }

    @Test
    void cutOver_refusesAnInstanceNotNamedAsACopyOfProduction() {
        assertThatThrownBy(() -> cutOver.advance(new CutOverRequest(INCIDENT, null, "exchange-db-old-inc-42", 0)))
                .isInstanceOf(exchange.recovery.core.InvalidInput.class)
                .hasMessageContaining("is not named as a copy of exchange-db");
        assertThat(rds.modifications()).isEmpty();
    }

    private List<String> runToCompletion() {
        List<String> steps = new ArrayList<>();
        for (int attempt = 0; attempt < 10; attempt++) {
            CutOverResult result = cutOver.advance(request(attempt));
            steps.add(result.step());
            if (CutOverResult.COMPLETE.equals(result.status())) {
                return steps;
            }
            rds.settle();
        }
        throw new AssertionError("cut-over did not complete in 10 steps: " + steps);
    }

    private void runSteps(int count) {
        for (int attempt = 0; attempt < count; attempt++) {
            cutOver.advance(request(attempt));
            if (attempt < count - 1) {
                rds.settle();
            }
        }
    }

    private static CutOverRequest request(int attempt) {
        return new CutOverRequest(INCIDENT, null, attempt);
    }
}
