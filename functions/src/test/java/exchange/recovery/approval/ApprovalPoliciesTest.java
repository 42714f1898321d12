package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.ConfigurationMissing;

class ApprovalPoliciesTest {

    @Test
    void parse_readsApproversRequiredApprovalsAndMaximumExpiry() {
        ApprovalPolicies policies = ApprovalPolicies.parse(
                "{\"withdrawal-resumption\":{\"approvers\":[\"alice\",\"bob\",\"carol\"],\"requiredApprovals\":2,\"maxExpiresInMinutes\":240}}");

        ApprovalPolicy policy = policies.require("withdrawal-resumption");
        assertThat(policy.approvers()).containsExactly("alice", "bob", "carol");
        assertThat(policy.requiredApprovals()).isEqualTo(2);
        assertThat(policy.allows("bob")).isTrue();
        assertThat(policy.allows("mallory")).isFalse();
    }

    @Test
    void parse_refusesMoreRequiredApprovalsThanApprovers() {
        assertThatThrownBy(() -> ApprovalPolicies.parse("{\"x\":{\"approvers\":[\"alice\"],\"requiredApprovals\":2}}"))
                .isInstanceOf(ConfigurationMissing.class);
    }

    @Test
    void parse_refusesApproverIdsThatCouldBreakALinkOrASignedString() {
        assertThatThrownBy(() -> ApprovalPolicies.parse("{\"x\":{\"approvers\":[\"alice|bob\"],\"requiredApprovals\":1}}"))
                .isInstanceOf(ConfigurationMissing.class);
        assertThatThrownBy(() -> ApprovalPolicies.parse("{\"x\":{\"approvers\":[\"a/b\"],\"requiredApprovals\":1}}"))
                .isInstanceOf(ConfigurationMissing.class);
    }

    @Test
    void parse_refusesTheSameApproverTwice() {
        assertThatThrownBy(() -> ApprovalPolicies.parse("{\"x\":{\"approvers\":[\"alice\",\"alice\"],\"requiredApprovals\":2}}"))
                .isInstanceOf(ConfigurationMissing.class);
    }
}
