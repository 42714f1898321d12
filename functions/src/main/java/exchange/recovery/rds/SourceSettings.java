package exchange.recovery.rds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.DomainMembership;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.OptionGroupMembership;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/**
 * Carries a source instance's settings to its restored copy. {@code RestoreDBInstanceToPointInTime}
 * does not copy them: left out, the copy lands in the default VPC security group with the default
 * parameter and option groups, single-AZ, without the source's tags, deletion protection, IAM
 * authentication or log exports. So every setting the request accepts is set explicitly
 * ({@link #restoreRequest}); the few it does not accept (Enhanced Monitoring, Performance Insights) are
 * applied by a modification once the copy is available ({@link #alignment}). Storage encryption and
 * its KMS key cannot be chosen: the copy is encrypted as the source's backups are.
 */
public final class SourceSettings {

    private SourceSettings() {
    }

    /** The request, and the names of the settings it carries over (for the step's record). */
    public record Carried(RestoreDbInstanceToPointInTimeRequest request, List<String> settings) {
    }

    public static Carried restoreRequest(DBInstance source, String targetId, Instant restoreTime, List<Tag> recoveryTags) {
        RestoreDbInstanceToPointInTimeRequest.Builder request = RestoreDbInstanceToPointInTimeRequest.builder()
                .sourceDBInstanceIdentifier(source.dbInstanceIdentifier())
                .targetDBInstanceIdentifier(targetId)
                .restoreTime(restoreTime);
        List<String> carried = new ArrayList<>();
        set(carried, "DBInstanceClass", source.dbInstanceClass(), request::dbInstanceClass);
        set(carried, "Port", port(source), request::port);
        set(carried, "DBSubnetGroupName", source.dbSubnetGroup() == null ? null : source.dbSubnetGroup().dbSubnetGroupName(),
                request::dbSubnetGroupName);
        List<String> securityGroups = source.hasVpcSecurityGroups() ? source.vpcSecurityGroups().stream()
                .filter(group -> group.status() == null || !"removing".equals(group.status()))
                .map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList() : List.of();
        if (!securityGroups.isEmpty()) {
            request.vpcSecurityGroupIds(securityGroups);
            carried.add("VpcSecurityGroupIds");
        }
        set(carried, "DBParameterGroupName", parameterGroup(source).orElse(null), request::dbParameterGroupName);
        set(carried, "OptionGroupName", optionGroup(source).orElse(null), request::optionGroupName);
        set(carried, "MultiAZ", source.multiAZ(), request::multiAZ);
        set(carried, "StorageType", source.storageType(), request::storageType);
        set(carried, "Iops", source.iops(), request::iops);
        set(carried, "StorageThroughput", source.storageThroughput(), request::storageThroughput);
        set(carried, "MaxAllocatedStorage", source.maxAllocatedStorage(), request::maxAllocatedStorage);
        set(carried, "PubliclyAccessible", source.publiclyAccessible(), request::publiclyAccessible);
        set(carried, "CopyTagsToSnapshot", source.copyTagsToSnapshot(), request::copyTagsToSnapshot);
        set(carried, "DeletionProtection", source.deletionProtection(), request::deletionProtection);
        set(carried, "EnableIAMDatabaseAuthentication", source.iamDatabaseAuthenticationEnabled(),
                request::enableIAMDatabaseAuthentication);
        set(carried, "AutoMinorVersionUpgrade", source.autoMinorVersionUpgrade(), request::autoMinorVersionUpgrade);
        set(carried, "LicenseModel", source.licenseModel(), request::licenseModel);
        set(carried, "BackupRetentionPeriod", source.backupRetentionPeriod(), request::backupRetentionPeriod);
        set(carried, "PreferredBackupWindow", source.preferredBackupWindow(), request::preferredBackupWindow);
        set(carried, "CACertificateIdentifier", source.caCertificateIdentifier(), request::caCertificateIdentifier);
        set(carried, "NetworkType", source.networkType(), request::networkType);
        set(carried, "DedicatedLogVolume", source.dedicatedLogVolume(), request::dedicatedLogVolume);
        if (source.hasEnabledCloudwatchLogsExports() && !source.enabledCloudwatchLogsExports().isEmpty()) {
            request.enableCloudwatchLogsExports(source.enabledCloudwatchLogsExports());
            carried.add("EnableCloudwatchLogsExports");
        }
        if (source.hasDomainMemberships() && !source.domainMemberships().isEmpty()) {
            DomainMembership domain = source.domainMemberships().get(0);
            set(carried, "Domain", domain.domain(), request::domain);
            set(carried, "DomainIAMRoleName", domain.iamRoleName(), request::domainIAMRoleName);
        }
        if (source.masterUserSecret() != null) {
            request.manageMasterUserPassword(true);
            carried.add("ManageMasterUserPassword");
            set(carried, "MasterUserSecretKmsKeyId", source.masterUserSecret().kmsKeyId(), request::masterUserSecretKmsKeyId);
        }
        request.tags(tags(source, recoveryTags));
        carried.add("Tags");
        return new Carried(request.build(), List.copyOf(carried));
    }

    /**
     * The modification that gives {@code restored} the source settings a restore request cannot carry
     * (Enhanced Monitoring, Performance Insights), or empty when they already match.
     */
    public static Optional<ModifyDbInstanceRequest> alignment(DBInstance source, DBInstance restored) {
        ModifyDbInstanceRequest.Builder modify = ModifyDbInstanceRequest.builder()
                .dbInstanceIdentifier(restored.dbInstanceIdentifier())
                .applyImmediately(true);
        boolean needed = false;
        int sourceInterval = source.monitoringInterval() == null ? 0 : source.monitoringInterval();
        int restoredInterval = restored.monitoringInterval() == null ? 0 : restored.monitoringInterval();
        if (sourceInterval != restoredInterval || (sourceInterval > 0
                && !Objects.equals(source.monitoringRoleArn(), restored.monitoringRoleArn()))) {
            modify.monitoringInterval(sourceInterval);
            if (sourceInterval > 0) {
                modify.monitoringRoleArn(source.monitoringRoleArn());
            }
            needed = true;
        }
        boolean sourcePi = Boolean.TRUE.equals(source.performanceInsightsEnabled());
        boolean restoredPi = Boolean.TRUE.equals(restored.performanceInsightsEnabled());
        if (sourcePi != restoredPi || (sourcePi && !Objects.equals(
                source.performanceInsightsRetentionPeriod(), restored.performanceInsightsRetentionPeriod()))) {
            modify.enablePerformanceInsights(sourcePi);
            if (sourcePi) {
                modify.performanceInsightsKMSKeyId(source.performanceInsightsKMSKeyId());
                modify.performanceInsightsRetentionPeriod(source.performanceInsightsRetentionPeriod());
            }
            needed = true;
        }
        return needed ? Optional.of(modify.build()) : Optional.empty();
    }

    /** The source's tags (not AWS's own, not an earlier recovery's), then this recovery's. */
    static List<Tag> tags(DBInstance source, List<Tag> recoveryTags) {
        Map<String, Tag> tags = new LinkedHashMap<>();
        if (source.hasTagList()) {
            source.tagList().stream()
                    .filter(tag -> !tag.key().startsWith("aws:") && !tag.key().startsWith(RecoveryTags.PREFIX))
                    .forEach(tag -> tags.put(tag.key(), tag));
        }
        recoveryTags.forEach(tag -> tags.put(tag.key(), tag));
        return List.copyOf(tags.values());
    }

    static Integer port(DBInstance instance) {
        if (instance.endpoint() != null && instance.endpoint().port() != null) {
            return instance.endpoint().port();
        }
        return instance.dbInstancePort();
    }

    /** The source's parameter group, named even when it is a default one (that is harmless). */
    static Optional<String> parameterGroup(DBInstance source) {
        return source.hasDbParameterGroups() ? source.dbParameterGroups().stream().findFirst()
                .map(DBParameterGroupStatus::dbParameterGroupName) : Optional.empty();
    }

    /** The custom option group; a default one ({@code default:*}) is what RDS picks anyway. */
    static Optional<String> optionGroup(DBInstance source) {
        return source.hasOptionGroupMemberships() ? source.optionGroupMemberships().stream()
                .map(OptionGroupMembership::optionGroupName)
                .filter(name -> name != null && !name.startsWith("default:"))
                .findFirst() : Optional.empty();
    }

    private static <T> void set(List<String> carried, String name, T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
            carried.add(name);
        }
    }
}
