package exchange.recovery.approval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;

/**
 * The approval types this deployment knows, read once at init from the {@code APPROVAL_POLICIES}
 * variable (JSON, set by the template from a stack parameter), so that changing who may approve is a
 * reviewed deployment and both approval functions always see the same list:
 *
 * <pre>{"withdrawal-resumption": {"approvers": ["alice", "bob", "carol"], "requiredApprovals": 2,
 *   "maxExpiresInMinutes": 240}}</pre>
 */
public final class ApprovalPolicies {

    public static final String VARIABLE = "APPROVAL_POLICIES";

    private final Map<String, ApprovalPolicy> byType;

    private ApprovalPolicies(Map<String, ApprovalPolicy> byType) {
        this.byType = Map.copyOf(byType);
    }

    public static ApprovalPolicies fromEnv(Env env) {
        return parse(env.require(VARIABLE));
    }

    public static ApprovalPolicies parse(String json) {
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (InvalidInput e) {
            throw new ConfigurationMissing(VARIABLE + " (not valid JSON)");
        }
        if (!root.isObject() || root.isEmpty()) {
            throw new ConfigurationMissing(VARIABLE + " (a JSON object of approval types)");
        }
        Map<String, ApprovalPolicy> policies = new LinkedHashMap<>();
        root.properties().forEach(entry -> {
            JsonNode node = entry.getValue();
            List<String> approvers = new ArrayList<>();
            node.path("approvers").forEach(approver -> approvers.add(approver.asText()));
            policies.put(entry.getKey(), new ApprovalPolicy(entry.getKey(), approvers,
                    node.path("requiredApprovals").asInt(2), node.path("maxExpiresInMinutes").asInt(24 * 60)));
        });
        return new ApprovalPolicies(policies);
    }

    public static ApprovalPolicies of(ApprovalPolicy... policies) {
        Map<String, ApprovalPolicy> map = new LinkedHashMap<>();
        for (ApprovalPolicy policy : policies) {
            map.put(policy.approvalType(), policy);
        }
        return new ApprovalPolicies(map);
    }

    public Optional<ApprovalPolicy> find(String approvalType) {
        return Optional.ofNullable(byType.get(approvalType));
    }

    /** The policy for a request's type; an unknown type is the caller's mistake. */
    public ApprovalPolicy require(String approvalType) {
        return find(approvalType).orElseThrow(() -> new InvalidInput("Unknown approval type: " + approvalType
                + " (known: " + byType.keySet() + ")"));
    }
}
