package exchange.recovery.rds;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBInstanceAutomatedBackup;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbInstanceAutomatedBackupsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RebootDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RemoveTagsFromResourceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.RestoreWindow;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The RDS calls recovery makes, with every SDK error turned into one of our named errors: a missing
 * instance is {@link InstanceNotFound}, throttling {@link RdsThrottled}, timeouts and server errors
 * {@link RdsUnavailable}, any other refusal {@link RdsRequestRejected}.
 */
public class RdsGateway {

    private final RdsClient rds;

    public RdsGateway(RdsClient rds) {
        this.rds = Objects.requireNonNull(rds, "rds");
    }

    /** The instance with this identifier, or empty when there is none. */
    public Optional<DBInstance> find(String instanceId) {
        try {
            DescribeDbInstancesRequest request = DescribeDbInstancesRequest.builder().dbInstanceIdentifier(instanceId).build();
            return call("describe " + instanceId, instanceId, () -> rds.describeDBInstances(request))
                    .dbInstances().stream().findFirst();
        } catch (InstanceNotFound missing) {
            return Optional.empty();
        }
    }

    public DBInstance require(String instanceId) {
        return find(instanceId).orElseThrow(() -> new InstanceNotFound(instanceId));
    }

    public DBInstance rebootWithFailover(String instanceId) {
        RebootDbInstanceRequest request = RebootDbInstanceRequest.builder().dbInstanceIdentifier(instanceId).forceFailover(true).build();
        return call("reboot with failover " + instanceId, instanceId, () -> rds.rebootDBInstance(request)).dbInstance();
    }

    public DBInstance restoreToPointInTime(RestoreDbInstanceToPointInTimeRequest request) {
        return call("restore " + request.sourceDBInstanceIdentifier() + " to " + request.targetDBInstanceIdentifier(),
                request.sourceDBInstanceIdentifier(), () -> rds.restoreDBInstanceToPointInTime(request)).dbInstance();
    }

    public DBInstance modify(ModifyDbInstanceRequest request) {
        return call("modify " + request.dbInstanceIdentifier(), request.dbInstanceIdentifier(), () -> rds.modifyDBInstance(request)).dbInstance();
    }

    public void addTags(String resourceArn, Collection<Tag> tags) {
        AddTagsToResourceRequest request = AddTagsToResourceRequest.builder().resourceName(resourceArn).tags(tags).build();
        call("tag " + resourceArn, resourceArn, () -> rds.addTagsToResource(request));
    }

    public void removeTags(String resourceArn, Collection<String> keys) {
        RemoveTagsFromResourceRequest request = RemoveTagsFromResourceRequest.builder().resourceName(resourceArn).tagKeys(keys).build();
        call("untag " + resourceArn, resourceArn, () -> rds.removeTagsFromResource(request));
    }

    /**
     * The earliest time the instance's own automated backups can restore to, when RDS reports one
     * ({@code DescribeDBInstanceAutomatedBackups} → {@code RestoreWindow.EarliestTime}); backups retained
     * from an earlier instance of the same name are not the instance's own (another resource id).
     */
    public Optional<Instant> earliestRestorableTime(DBInstance instance) {
        String instanceId = instance.dbInstanceIdentifier();
        DescribeDbInstanceAutomatedBackupsRequest.Builder request = DescribeDbInstanceAutomatedBackupsRequest.builder();
        if (instance.dbiResourceId() != null) {
            request.dbiResourceId(instance.dbiResourceId());
        } else {
            request.dbInstanceIdentifier(instanceId);
        }
        try {
            return call("describe automated backups of " + instanceId, instanceId,
                    () -> rds.describeDBInstanceAutomatedBackups(request.build()))
                    .dbInstanceAutomatedBackups().stream()
                    .map(DBInstanceAutomatedBackup::restoreWindow)
                    .filter(Objects::nonNull)
                    .map(RestoreWindow::earliestTime)
                    .filter(Objects::nonNull)
                    .min(Instant::compareTo);
        } catch (InstanceNotFound | RdsRequestRejected notReported) {
            // Not every engine or account reports automated backups; the retention period still bounds the window.
            return Optional.empty();
        }
    }

    private static <T> T call(String what, String instanceId, Supplier<T> request) {
        try {
            return request.get();
        } catch (DbInstanceNotFoundException e) {
            throw new InstanceNotFound(instanceId);
        } catch (AwsServiceException e) {
            String detail = e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
            if (e.isThrottlingException()) {
                throw new RdsThrottled("RDS throttled " + what + " (" + detail + ")", e);
            }
            if (e.statusCode() >= 500) {
                throw new RdsUnavailable("RDS failed to " + what + " (" + detail + ")", e);
            }
            throw new RdsRequestRejected("RDS refused to " + what + " (" + detail + ")", e);
        } catch (SdkClientException e) {
            throw new RdsUnavailable("RDS did not answer to " + what + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new RdsUnavailable("RDS call failed: " + what + ": " + e.getMessage(), e);
        }
    }
}
