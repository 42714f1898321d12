package exchange.recovery.approval;

import java.util.List;
import java.util.regex.Pattern;

import exchange.recovery.core.ConfigurationMissing;

/**
 * Who may decide one type of approval and how many of them must agree: the allow-list of approver
 * ids (each bound to its own notification route), the minimum number of distinct approvals, and the
 * longest a request of this type may stay open.
 */
public record ApprovalPolicy(String approvalType, List<String> approvers, int requiredApprovals, int maxExpiresInMinutes) {

    /** Approver ids and request ids appear in URL paths and in signed strings: a safe, separator-free alphabet. */
    static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public ApprovalPolicy {
        approvers = List.copyOf(approvers);
        if (approvers.isEmpty()) {
            throw new ConfigurationMissing("approval policy " + approvalType + ": approvers");
        }
        for (String approver : approvers) {
            if (!IDENTIFIER.matcher(approver).matches()) {
                throw new ConfigurationMissing("approval policy " + approvalType + ": approver id '" + approver
                        + "' (lower-case letters, digits, '.', '_', '-')");
            }
        }
        if (approvers.stream().distinct().count() != approvers.size()) {
            throw new ConfigurationMissing("approval policy " + approvalType + ": approvers must be distinct");
        }
        if (requiredApprovals < 1 || requiredApprovals > approvers.size()) {
            throw new ConfigurationMissing("approval policy " + approvalType + ": requiredApprovals between 1 and "
                    + approvers.size());
        }
        if (maxExpiresInMinutes < 1) {
            throw new ConfigurationMissing("approval policy " + approvalType + ": maxExpiresInMinutes");
        }
    }

    public boolean allows(String approver) {
        return approvers.contains(approver);
    }
}
