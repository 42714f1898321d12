package exchange.recovery.rds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceResponse;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.Endpoint;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceResponse;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The instance-level RDS calls of a cut-over, kept in memory, with AWS's transitions made visible: a
 * modification leaves the instance {@code modifying} (a rename: {@code renaming}) until {@link #settle()}.
 */
final class InMemoryRds implements RdsClient {

    private final Map<String, DBInstance> instances = new LinkedHashMap<>();
    private final List<ModifyDbInstanceRequest> modifications = new ArrayList<>();

    void put(DBInstance instance) {
        instances.put(instance.dbInstanceIdentifier(), instance);
    }

    DBInstance get(String id) {
        return instances.get(id);
    }

    Map<String, DBInstance> all() {
        return instances;
    }

    List<ModifyDbInstanceRequest> modifications() {
        return modifications;
    }

    void update(String id, Consumer<DBInstance.Builder> change) {
        DBInstance.Builder builder = instances.get(id).toBuilder();
        change.accept(builder);
        instances.put(id, builder.build());
    }

    /** Every pending modification completes. */
    void settle() {
        instances.replaceAll((id, instance) -> instance.toBuilder().dbInstanceStatus("available").build());
    }

    @Override
    public DescribeDbInstancesResponse describeDBInstances(DescribeDbInstancesRequest request) {
        DBInstance instance = instances.get(request.dbInstanceIdentifier());
        if (instance == null) {
            throw DbInstanceNotFoundException.builder().statusCode(404).message("DBInstance " + request.dbInstanceIdentifier() + " not found").build();
        }
        return DescribeDbInstancesResponse.builder().dbInstances(instance).build();
    }

    @Override
    public ModifyDbInstanceResponse modifyDBInstance(ModifyDbInstanceRequest request) {
        modifications.add(request);
        DBInstance instance = describeDBInstances(DescribeDbInstancesRequest.builder()
                .dbInstanceIdentifier(request.dbInstanceIdentifier()).build()).dbInstances().get(0);
        DBInstance.Builder changed = instance.toBuilder().dbInstanceStatus("modifying");
        if (request.deletionProtection() != null) {
            changed.deletionProtection(request.deletionProtection());
        }
        if (request.monitoringInterval() != null) {
            changed.monitoringInterval(request.monitoringInterval()).monitoringRoleArn(request.monitoringRoleArn());
        }
        if (request.enablePerformanceInsights() != null) {
            changed.performanceInsightsEnabled(request.enablePerformanceInsights())
                    .performanceInsightsKMSKeyId(request.performanceInsightsKMSKeyId())
                    .performanceInsightsRetentionPeriod(request.performanceInsightsRetentionPeriod());
        }
        String id = instance.dbInstanceIdentifier();
        if (request.newDBInstanceIdentifier() != null) {
            String newId = request.newDBInstanceIdentifier();
            if (instances.containsKey(newId)) {
                throw DbInstanceAlreadyExistsException.builder().statusCode(400).message(newId + " exists").build();
            }
            instances.remove(id);
            id = newId;
            changed.dbInstanceIdentifier(newId).dbInstanceArn(TestInstances.ARN_PREFIX + newId).dbInstanceStatus("renaming")
                    .endpoint(Endpoint.builder().address(newId + TestInstances.ENDPOINT_SUFFIX).port(instance.endpoint().port()).build());
        }
        DBInstance result = changed.build();
        instances.put(id, result);
        return ModifyDbInstanceResponse.builder().dbInstance(result).build();
    }

    @Override
    public AddTagsToResourceResponse addTagsToResource(AddTagsToResourceRequest request) {
        String id = request.resourceName().substring(request.resourceName().lastIndexOf(':') + 1);
        DBInstance instance = instances.get(id);
        if (instance == null) {
            throw DbInstanceNotFoundException.builder().statusCode(404).message(id + " not found").build();
        }
        Map<String, Tag> tags = new LinkedHashMap<>();
        instance.tagList().forEach(tag -> tags.put(tag.key(), tag));
        request.tags().forEach(tag -> tags.put(tag.key(), tag));
        instances.put(id, instance.toBuilder().tagList(List.copyOf(tags.values())).build());
        return AddTagsToResourceResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return "rds";
    }

    @Override
    public void close() {
    }
}
