package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import exchange.recovery.local.template.SamTemplate;

/**
 * What template.yaml grants around approvals: the audit log can be appended to and read, never
 * updated or deleted, by any function; the tables are encrypted; the signing key is generated.
 */
class ApprovalTemplateTest {

    private static final Set<String> APPEND_AND_READ = Set.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query");

    private final SamTemplate template = SamTemplate.load(Path.of("template.yaml"));

    @Test
    void approvalPageFunction_mayOnlyPutGetAndQueryTheAuditTable() {
        List<String> actions = actionsOn("ApprovalPageFunction", "ApprovalAuditTable");

        assertThat(actions).isNotEmpty().allMatch(APPEND_AND_READ::contains);
    }

    @Test
    void noFunction_mayRewriteOrDeleteAuditEntries() {
        for (String function : template.functions().keySet()) {
            assertThat(actionsOn(function, "ApprovalAuditTable")).as(function).allMatch(APPEND_AND_READ::contains);
        }
    }

    @Test
    void approvalTables_areEncryptedAndTheSigningKeyIsGenerated() {
        for (String table : List.of("ApprovalTable", "ApprovalAuditTable")) {
            Map<String, Object> properties = template.resource(table).orElseThrow().properties();
            assertThat(properties.get("SSESpecification")).as(table).isEqualTo(Map.of("SSEEnabled", true));
        }
        assertThat(template.resource("ApprovalSigningSecret").orElseThrow().properties()).containsKey("GenerateSecretString");
    }

    @Test
    void auditArchiveBucket_isVersionedUnderObjectLockWithADefaultRetention_andEveryApprovalFunctionWritesToIt() {
        Map<String, Object> bucket = template.resource("ApprovalAuditBucket").orElseThrow().properties();
        assertThat(bucket.get("ObjectLockEnabled")).isEqualTo(true);
        assertThat(bucket.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
        @SuppressWarnings("unchecked")
        Map<String, Object> lock = (Map<String, Object>) bucket.get("ObjectLockConfiguration");
        assertThat(lock).containsEntry("ObjectLockEnabled", "Enabled");
        assertThat(String.valueOf(lock.get("Rule"))).contains("DefaultRetention", "COMPLIANCE");
        for (String function : List.of("RequestApprovalFunction", "ApprovalPageFunction", "ApprovalHeartbeatFunction")) {
            assertThat(String.valueOf(template.mergedProperties(function).get("Environment"))).as(function)
                    .contains("APPROVAL_AUDIT_BUCKET");
            assertThat(actionsOn(function, "ApprovalAuditBucket")).as(function).contains("s3:PutObject")
                    .doesNotContain("s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention", "s3:PutObjectRetention");
        }
    }

    @Test
    void heartbeat_mayCompleteTheTaskOfADecidedRequest() {
        assertThat(String.valueOf(template.mergedProperties("ApprovalHeartbeatFunction").get("Policies")))
                .contains("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat");
    }

    /** The actions of every policy statement of {@code function} whose Resource names {@code logicalId}. */
    private List<String> actionsOn(String function, String logicalId) {
        List<String> actions = new ArrayList<>();
        Object policies = template.mergedProperties(function).get("Policies");
        collect(policies, logicalId, actions);
        return actions;
    }

    private static void collect(Object node, String logicalId, List<String> actions) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("Action") && map.containsKey("Resource") && String.valueOf(map.get("Resource")).contains(logicalId)) {
                Object action = map.get("Action");
                if (action instanceof List<?> list) {
                    list.forEach(item -> actions.add(String.valueOf(item)));
                } else {
                    actions.add(String.valueOf(action));
                }
            }
            map.values().forEach(value -> collect(value, logicalId, actions));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, logicalId, actions));
        }
    }
}
