package exchange.recovery.rds;

import static exchange.recovery.rds.TestInstances.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import exchange.recovery.core.InvalidInput;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBInstanceAutomatedBackup;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbInstanceAutomatedBackupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstanceAutomatedBackupsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeResponse;
import software.amazon.awssdk.services.rds.model.RestoreWindow;
import software.amazon.awssdk.services.rds.model.Tag;

@ExtendWith(MockitoExtension.class)
class PointInTimeRestoreTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Instant LATEST = NOW.minus(Duration.ofMinutes(5));
    private static final String INCIDENT = "INC-42";
    private static final String TARGET = "exchange-db-pitr-inc-42";

    @Mock
    private RdsClient rds;

    private PointInTimeRestore restore;

    @BeforeEach
    void setUp() {
        restore = new PointInTimeRestore(new RdsGateway(rds), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1), SOURCE);
        lenient().when(rds.describeDBInstanceAutomatedBackups(any(DescribeDbInstanceAutomatedBackupsRequest.class)))
                .thenReturn(DescribeDbInstanceAutomatedBackupsResponse.builder().build());
        lenient().when(rds.restoreDBInstanceToPointInTime(any(RestoreDbInstanceToPointInTimeRequest.class)))
                .thenAnswer(call -> {
                    RestoreDbInstanceToPointInTimeRequest request = call.getArgument(0);
                    return RestoreDbInstanceToPointInTimeResponse.builder().dbInstance(DBInstance.builder()
                            .dbInstanceIdentifier(request.targetDBInstanceIdentifier())
                            .dbInstanceStatus("creating").dbInstancePort(request.port()).dbName("exchange").build()).build();
                });
    }

    @Test
    void restore_refusesTargetOlderThanRetention() {
        givenInstances(TestInstances.source(LATEST).build());

        assertThatThrownBy(() -> restore.start(request(NOW.minus(Duration.ofDays(8)), null, null)))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("before the earliest restorable time " + NOW.minus(Duration.ofDays(7)))
                .hasMessageContaining("retention 7 days");
        verify(rds, never()).restoreDBInstanceToPointInTime(any(RestoreDbInstanceToPointInTimeRequest.class));
    }

    @Test
    void restore_refusesTargetBeforeTheInstanceExisted() {
        Instant created = NOW.minus(Duration.ofDays(2));
        givenInstances(TestInstances.source(LATEST).instanceCreateTime(created).build());

        assertThatThrownBy(() -> restore.start(request(NOW.minus(Duration.ofDays(3)), null, null)))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("before the earliest restorable time " + created);
    }

    @Test
    void restore_refusesTargetBeforeTheEarliestTimeItsBackupsReport() {
        Instant earliest = NOW.minus(Duration.ofDays(1));
        givenInstances(TestInstances.source(LATEST).build());
        when(rds.describeDBInstanceAutomatedBackups(any(DescribeDbInstanceAutomatedBackupsRequest.class)))
                .thenReturn(DescribeDbInstanceAutomatedBackupsResponse.builder().dbInstanceAutomatedBackups(
                        DBInstanceAutomatedBackup.builder().restoreWindow(RestoreWindow.builder()
                                .earliestTime(earliest).latestTime(LATEST).build()).build()).build());

        assertThatThrownBy(() -> restore.start(request(NOW.minus(Duration.ofDays(2)), null, null)))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("before the earliest restorable time " + earliest);
    }

    @Test
    void restore_refusesTargetAfterLatestRestorableTime() {
        givenInstances(TestInstances.source(LATEST).build());

        assertThatThrownBy(() -> restore.start(request(NOW.minus(Duration.ofMinutes(1)), null, null)))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("after the latest restorable time " + LATEST);
        verify(rds, never()).restoreDBInstanceToPointInTime(any(RestoreDbInstanceToPointInTimeRequest.class));
    }

    @Test
    void restore_refusesTargetInTheFuture() {
        givenInstances(TestInstances.source(LATEST).build());

        assertThatThrownBy(() -> restore.start(request(NOW.plus(Duration.ofHours(1)), null, null)))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("is in the future");
    }

    @Test
    void restore_refusesWhenAutomatedBackupsAreDisabled() {
        givenInstances(TestInstances.source(LATEST).backupRetentionPeriod(0).build());

        assertThatThrownBy(() -> restore.start(request(NOW.minus(Duration.ofHours(1)), null, null)))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("automated backups disabled");
    }

    @Test
    void restore_refusesLatestRestorableTimeThatIsNotBeforeTheCorruption() {
        givenInstances(TestInstances.source(LATEST).build());

        assertThatThrownBy(() -> restore.start(new RestoreRequest(INCIDENT, null, null, NOW.minus(Duration.ofMinutes(10)), true, null)))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("would hold the corruption");
    }

    @Test
    void restore_refusesCorruptionTimeInTheFuture() {
        givenInstances(TestInstances.source(LATEST).build());

        assertThatThrownBy(() -> restore.start(request(null, NOW.plus(Duration.ofMinutes(10)), null)))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("corruption time")
                .hasMessageContaining("in the future");
    }

    @Test
    void restore_refusesRestoreTimeTogetherWithLatestRestorableTime() {
        givenInstances(TestInstances.source(LATEST).build());

        assertThatThrownBy(() -> restore.start(new RestoreRequest(INCIDENT, null, NOW.minus(Duration.ofHours(1)), null, true, null)))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("not both");
    }

    @Test
    void restore_refusesRequestThatNamesNoTarget() {
        givenInstances(TestInstances.source(LATEST).build());

        assertThatThrownBy(() -> restore.start(request(null, null, null)))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("useLatestRestorableTime");
    }

    @Test
    void restore_refusesRequestWithoutIncident() {
        assertThatThrownBy(() -> restore.start(new RestoreRequest(" ", null, null, null, true, null)))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("incidentId");
    }

    @Test
    void restore_reportsMissingSourceAsInstanceNotFound() {
        givenInstances();

        assertThatThrownBy(() -> restore.start(request(null, null, true)))
                .isInstanceOf(InstanceNotFound.class)
                .hasMessageContaining(SOURCE);
    }

    @Test
    void restore_targetsJustBeforeTheCorruptionBySafetyMargin() {
        Instant corruption = NOW.minus(Duration.ofHours(1));
        givenInstances(TestInstances.source(LATEST).build());

        RestoreResult result = restore.start(request(null, corruption, null));

        assertThat(result.restoredTo()).isEqualTo(corruption.minusSeconds(1));
        assertThat(result.corruptionTime()).isEqualTo(corruption);
        assertThat(result.rpoSeconds()).isEqualTo(1.0);
        assertThat(result.rpo()).isEqualTo("PT1S");
        assertThat(sentRequest().restoreTime()).isEqualTo(corruption.minusSeconds(1));
    }

    @Test
    void restore_usesTheMarginGivenInTheRequest() {
        Instant corruption = NOW.minus(Duration.ofHours(1));
        givenInstances(TestInstances.source(LATEST).build());

        RestoreResult result = restore.start(new RestoreRequest(INCIDENT, null, null, corruption, null, 30));

        assertThat(result.restoredTo()).isEqualTo(corruption.minusSeconds(30));
        assertThat(result.rpoSeconds()).isEqualTo(30.0);
    }

    @Test
    void restore_toLatestRestorableTimeMeasuresRpoFromTheRequest() {
        givenInstances(TestInstances.source(LATEST).build());

        RestoreResult result = restore.start(request(null, null, true));

        assertThat(result.restoredTo()).isEqualTo(LATEST);
        assertThat(result.rpoReference()).isEqualTo(NOW);
        assertThat(result.rpoSeconds()).isEqualTo(300.0);
        assertThat(sentRequest().restoreTime()).isEqualTo(LATEST);
        assertThat(sentRequest().useLatestRestorableTime()).isNull();
    }

    @Test
    void restore_carriesEverySettingOfTheSource() {
        givenInstances(TestInstances.source(LATEST).build());

        RestoreResult result = restore.start(request(NOW.minus(Duration.ofHours(2)), null, null));

        RestoreDbInstanceToPointInTimeRequest sent = sentRequest();
        assertThat(sent.sourceDBInstanceIdentifier()).isEqualTo(SOURCE);
        assertThat(sent.targetDBInstanceIdentifier()).isEqualTo(TARGET + "-at-20260310t100000z");
        assertThat(sent.dbSubnetGroupName()).as("subnet group").isEqualTo("exchange-db-subnets");
        assertThat(sent.vpcSecurityGroupIds()).as("security groups").containsExactly("sg-db", "sg-admin");
        assertThat(sent.dbParameterGroupName()).as("parameter group").isEqualTo("exchange-pg16");
        assertThat(sent.optionGroupName()).as("option group").isEqualTo("exchange-options");
        assertThat(sent.multiAZ()).as("Multi-AZ").isTrue();
        assertThat(sent.dbInstanceClass()).as("instance class").isEqualTo("db.r6g.xlarge");
        assertThat(sent.port()).as("port").isEqualTo(5433);
        assertThat(sent.storageType()).as("storage type").isEqualTo("io2");
        assertThat(sent.iops()).as("IOPS").isEqualTo(12000);
        assertThat(sent.maxAllocatedStorage()).as("storage autoscaling").isEqualTo(2000);
        assertThat(sent.publiclyAccessible()).as("publicly accessible").isFalse();
        assertThat(sent.copyTagsToSnapshot()).as("copy tags to snapshot").isTrue();
        assertThat(sent.deletionProtection()).as("deletion protection").isTrue();
        assertThat(sent.enableIAMDatabaseAuthentication()).as("IAM authentication").isTrue();
        assertThat(sent.autoMinorVersionUpgrade()).as("minor version upgrades").isFalse();
        assertThat(sent.backupRetentionPeriod()).as("backup retention").isEqualTo(7);
        assertThat(sent.preferredBackupWindow()).as("backup window").isEqualTo("02:00-02:30");
        assertThat(sent.caCertificateIdentifier()).as("CA certificate").isEqualTo("rds-ca-rsa2048-g1");
        assertThat(sent.enableCloudwatchLogsExports()).as("log exports").containsExactly("postgresql", "upgrade");
        Map<String, String> tags = sent.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertThat(tags).as("tags").containsEntry("team", "core-ledger").containsEntry("cost-centre", "exchange")
                .containsEntry("recovery:incident-id", INCIDENT)
                .containsEntry("recovery:restored-from", SOURCE)
                .containsEntry("recovery:restore-time", NOW.minus(Duration.ofHours(2)).toString())
                .containsEntry("recovery:role", "restored")
                .doesNotContainKey("aws:cloudformation:stack-name");
        assertThat(result.carriedSettings()).contains("DBSubnetGroupName", "VpcSecurityGroupIds", "DBParameterGroupName",
                "OptionGroupName", "MultiAZ", "Tags");
    }

    @Test
    void restore_doesNotNameADefaultOptionGroup() {
        givenInstances(TestInstances.source(LATEST).optionGroupMemberships(
                software.amazon.awssdk.services.rds.model.OptionGroupMembership.builder().optionGroupName("default:postgres-16").build())
                .build());

        restore.start(request(null, null, true));

        assertThat(sentRequest().optionGroupName()).isNull();
    }

    @Test
    void restore_reportsWhatIntegrityChecksNeedToTargetTheCopy() {
        givenInstances(TestInstances.source(LATEST).build());

        RestoreResult result = restore.start(request(null, null, true));

        assertThat(result.instanceId()).isEqualTo(TARGET);
        assertThat(result.status()).isEqualTo("creating");
        assertThat(result.address()).isEqualTo(TARGET + TestInstances.ENDPOINT_SUFFIX);
        assertThat(result.port()).isEqualTo(5433);
        assertThat(result.database()).isEqualTo(TARGET + TestInstances.ENDPOINT_SUFFIX + ":5433/exchange");
        assertThat(result.reused()).isFalse();
    }

    @Test
    void restore_reusesTheCopyAlreadyRestoredForThisIncident() {
        Instant restoredTo = NOW.minus(Duration.ofHours(2));
        DBInstance source = TestInstances.source(LATEST).build();
        DBInstance copy = restoredCopy(source, TARGET, INCIDENT, restoredTo, restoredTo.plusSeconds(90));
        givenInstances(source, copy);

        RestoreResult result = restore.start(request(null, null, true));

        assertThat(result.reused()).isTrue();
        assertThat(result.instanceId()).isEqualTo(TARGET);
        assertThat(result.restoredTo()).isEqualTo(restoredTo);
        assertThat(result.rpoSeconds()).isEqualTo(90.0);
        verify(rds, never()).restoreDBInstanceToPointInTime(any(RestoreDbInstanceToPointInTimeRequest.class));
    }

    @Test
    void restore_toATimeTheOperatorNames_makesAFreshCopy_besideTheOneAGateRefused() {
        Instant corruption = NOW.minus(Duration.ofHours(1));
        DBInstance source = TestInstances.source(LATEST).build();
        DBInstance refused = restoredCopy(source, TARGET, INCIDENT, corruption.minusSeconds(1), corruption);
        givenInstances(source, refused);
        Instant earlier = corruption.minus(Duration.ofMinutes(10));

        RestoreResult result = restore.start(request(earlier, corruption, null));

        assertThat(result.reused()).isFalse();
        assertThat(result.instanceId()).isEqualTo(TARGET + "-at-20260310t105000z").isNotEqualTo(TARGET);
        assertThat(result.restoredTo()).isEqualTo(earlier);
        assertThat(sentRequest().targetDBInstanceIdentifier()).isEqualTo(result.instanceId());
        assertThat(sentRequest().restoreTime()).isEqualTo(earlier);
    }

    @Test
    void restore_toTheSameNamedTimeAgain_reusesThatCopy() {
        Instant corruption = NOW.minus(Duration.ofHours(1));
        Instant earlier = corruption.minus(Duration.ofMinutes(10));
        DBInstance source = TestInstances.source(LATEST).build();
        DBInstance copy = restoredCopy(source, TARGET + "-at-20260310t105000z", INCIDENT, earlier, corruption);
        givenInstances(source, copy);

        RestoreResult result = restore.start(request(earlier, corruption, null));

        assertThat(result.reused()).isTrue();
        assertThat(result.instanceId()).isEqualTo(copy.dbInstanceIdentifier());
        verify(rds, never()).restoreDBInstanceToPointInTime(any(RestoreDbInstanceToPointInTimeRequest.class));
    }

    @Test
    void restore_reportsTheCopyUnderTheProductionNameAfterCutOver() {
        Instant restoredTo = NOW.minus(Duration.ofHours(2));
        DBInstance promoted = restoredCopy(TestInstances.source(LATEST).build(), SOURCE, INCIDENT, restoredTo, restoredTo);
        givenInstances(promoted);

        RestoreResult result = restore.start(request(null, null, true));

        assertThat(result.reused()).isTrue();
        assertThat(result.instanceId()).isEqualTo(SOURCE);
        verify(rds, never()).restoreDBInstanceToPointInTime(any(RestoreDbInstanceToPointInTimeRequest.class));
    }

    @Test
    void restore_refusesWhenTheTargetNameBelongsToAnotherInstance() {
        DBInstance source = TestInstances.source(LATEST).build();
        DBInstance stranger = restoredCopy(source, TARGET, "INC-7", NOW.minus(Duration.ofDays(1)), NOW);
        givenInstances(source, stranger);

        assertThatThrownBy(() -> restore.start(request(null, null, true)))
                .isInstanceOf(RestoreNotPermitted.class)
                .hasMessageContaining("was not restored from " + SOURCE + " for incident " + INCIDENT);
        verify(rds, never()).restoreDBInstanceToPointInTime(any(RestoreDbInstanceToPointInTimeRequest.class));
    }

    @Test
    void restore_turnsThrottlingIntoTransientFailure() {
        givenInstances(TestInstances.source(LATEST).build());
        when(rds.restoreDBInstanceToPointInTime(any(RestoreDbInstanceToPointInTimeRequest.class))).thenThrow(
                RdsException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("Throttling").errorMessage("Rate exceeded").build()).build());

        assertThatThrownBy(() -> restore.start(request(null, null, true)))
                .isInstanceOf(RdsThrottled.class)
                .isInstanceOf(exchange.recovery.core.TransientFailure.class)
                .hasMessageContaining("Rate exceeded");
    }

    static DBInstance restoredCopy(DBInstance source, String id, String incident, Instant restoredTo, Instant reference) {
        return TestInstances.named(source.toBuilder().tagList(source.tagList().stream()
                        .filter(tag -> !tag.key().startsWith("aws:")).toList()).build(), id,
                RecoveryTags.tag(RecoveryTags.INCIDENT, incident),
                RecoveryTags.tag(RecoveryTags.ROLE, RecoveryTags.ROLE_RESTORED),
                RecoveryTags.tag(RecoveryTags.RESTORED_FROM, SOURCE),
                RecoveryTags.tag(RecoveryTags.RESTORE_TIME, restoredTo.toString()),
                RecoveryTags.tag(RecoveryTags.RPO_REFERENCE_TIME, reference.toString()));
    }

    private static RestoreRequest request(Instant restoreTime, Instant corruption, Boolean latest) {
        return new RestoreRequest(INCIDENT, null, restoreTime, corruption, latest, null);
    }

    /** Every identifier not given here is answered with DBInstanceNotFound, as RDS does. */
    private void givenInstances(DBInstance... instances) {
        lenient().when(rds.describeDBInstances(any(DescribeDbInstancesRequest.class))).thenThrow(
                DbInstanceNotFoundException.builder().statusCode(404).message("not found").build());
        for (DBInstance instance : instances) {
            lenient().doReturn(DescribeDbInstancesResponse.builder().dbInstances(instance).build()).when(rds).describeDBInstances(
                    argThat((DescribeDbInstancesRequest r) -> r != null && instance.dbInstanceIdentifier().equals(r.dbInstanceIdentifier())));
        }
    }

    private RestoreDbInstanceToPointInTimeRequest sentRequest() {
        ArgumentCaptor<RestoreDbInstanceToPointInTimeRequest> sent = ArgumentCaptor.forClass(RestoreDbInstanceToPointInTimeRequest.class);
        verify(rds).restoreDBInstanceToPointInTime(sent.capture());
        return sent.getValue();
    }
}
