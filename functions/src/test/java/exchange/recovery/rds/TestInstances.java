package exchange.recovery.rds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Endpoint;
import software.amazon.awssdk.services.rds.model.OptionGroupMembership;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** DB instances as DescribeDBInstances returns them, for unit tests. */
final class TestInstances {

    static final String SOURCE = "exchange-db";
    static final String ARN_PREFIX = "arn:aws:rds:eu-west-1:123456789012:db:";
    static final String ENDPOINT_SUFFIX = ".c9akciq32.eu-west-1.rds.amazonaws.com";
    static final String KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String MONITORING_ROLE = "arn:aws:iam::123456789012:role/rds-monitoring";
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private TestInstances() {
    }

    /** The exchange's production instance with every setting a restore must carry. */
    static DBInstance.Builder source(Instant latestRestorable) {
        return DBInstance.builder()
                .dbInstanceIdentifier(SOURCE)
                .dbInstanceArn(ARN_PREFIX + SOURCE)
                .dbiResourceId("db-SOURCE")
                .dbInstanceStatus("available")
                .engine("postgres")
                .engineVersion("16.4")
                .dbInstanceClass("db.r6g.xlarge")
                .dbName("exchange")
                .endpoint(Endpoint.builder().address(SOURCE + ENDPOINT_SUFFIX).port(5433).build())
                .dbInstancePort(5433)
                .multiAZ(true)
                .availabilityZone("eu-west-1a")
                .secondaryAvailabilityZone("eu-west-1b")
                .dbSubnetGroup(DBSubnetGroup.builder().dbSubnetGroupName("exchange-db-subnets").vpcId("vpc-1").build())
                .vpcSecurityGroups(
                        VpcSecurityGroupMembership.builder().vpcSecurityGroupId("sg-db").status("active").build(),
                        VpcSecurityGroupMembership.builder().vpcSecurityGroupId("sg-admin").status("active").build())
                .dbParameterGroups(DBParameterGroupStatus.builder().dbParameterGroupName("exchange-pg16").parameterApplyStatus("in-sync").build())
                .optionGroupMemberships(OptionGroupMembership.builder().optionGroupName("exchange-options").status("in-sync").build())
                .storageType("io2")
                .iops(12000)
                .allocatedStorage(500)
                .maxAllocatedStorage(2000)
                .storageEncrypted(true)
                .kmsKeyId(KMS_KEY)
                .publiclyAccessible(false)
                .copyTagsToSnapshot(true)
                .deletionProtection(true)
                .iamDatabaseAuthenticationEnabled(true)
                .autoMinorVersionUpgrade(false)
                .licenseModel("postgresql-license")
                .backupRetentionPeriod(7)
                .preferredBackupWindow("02:00-02:30")
                .caCertificateIdentifier("rds-ca-rsa2048-g1")
                .networkType("IPV4")
                .enabledCloudwatchLogsExports("postgresql", "upgrade")
                .monitoringInterval(15)
                .monitoringRoleArn(MONITORING_ROLE)
                .performanceInsightsEnabled(true)
                .performanceInsightsKMSKeyId(KMS_KEY)
                .performanceInsightsRetentionPeriod(7)
                .tagList(Tag.builder().key("team").value("core-ledger").build(),
                        Tag.builder().key("cost-centre").value("exchange").build(),
                        Tag.builder().key("aws:cloudformation:stack-name").value("exchange-data").build())
                .instanceCreateTime(CREATED)
                .latestRestorableTime(latestRestorable);
    }

    /** A copy of {@code base} named {@code id} and carrying {@code tags} (plus base's). */
    static DBInstance named(DBInstance base, String id, Tag... tags) {
        List<Tag> all = new ArrayList<>(base.hasTagList() ? base.tagList() : List.of());
        all.addAll(List.of(tags));
        return base.toBuilder()
                .dbInstanceIdentifier(id)
                .dbInstanceArn(ARN_PREFIX + id)
                .endpoint(Endpoint.builder().address(id + ENDPOINT_SUFFIX).port(5433).build())
                .tagList(all)
                .build();
    }
}
