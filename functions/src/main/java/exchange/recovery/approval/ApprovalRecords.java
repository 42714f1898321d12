package exchange.recovery.approval;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Published;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Checks a decision record that someone presents as proof of approval against the approval table,
 * which is the only authority: a record copied from another incident, edited to add an approver, or
 * belonging to a rejected or expired request does not pass.
 */
@Published("the withdrawal gate verifies the decision record it is handed against the approval table")
public class ApprovalRecords {

    private final ApprovalStore store;

    public ApprovalRecords(ApprovalStore store) {
        this.store = store;
    }

    /** Verification against the approval table {@code tableName}, for capabilities that act on approvals. */
    public static ApprovalRecords onTable(DynamoDbClient dynamoDb, String tableName) {
        return new ApprovalRecords(new ApprovalStore(dynamoDb, tableName));
    }

    /** The verified request (with the evidence its approvers saw), or {@link ApprovalNotValid}. */
    public ApprovalRequest verify(DecisionRecord claimed, String incidentId, String approvalType) {
        if (claimed == null || claimed.requestId() == null || claimed.requestId().isBlank()) {
            throw new ApprovalNotValid("no approval decision record given");
        }
        ApprovalRequest request = store.find(claimed.requestId()).map(StoredRequest::request)
                .orElseThrow(() -> new ApprovalNotValid("no approval request " + claimed.requestId()));
        if (!request.incidentId().equals(incidentId)) {
            throw new ApprovalNotValid(claimed.requestId() + " approved incident " + request.incidentId() + ", not " + incidentId);
        }
        if (!request.approvalType().equals(approvalType)) {
            throw new ApprovalNotValid(claimed.requestId() + " is a " + request.approvalType() + " approval, not " + approvalType);
        }
        if (request.status() != ApprovalStatus.APPROVED) {
            throw new ApprovalNotValid(claimed.requestId() + " is " + request.status() + ", not APPROVED");
        }
        List<Decision> decisions = store.decisions(request.requestId());
        if (decisions.stream().anyMatch(d -> d.verdict() == Verdict.REJECT)) {
            throw new ApprovalNotValid(claimed.requestId() + " has a rejection");
        }
        Set<String> approvedBy = decisions.stream().filter(d -> d.verdict() == Verdict.APPROVE)
                .map(Decision::approver).filter(request.approvers()::contains).collect(Collectors.toSet());
        if (approvedBy.size() < request.requiredApprovals()) {
            throw new ApprovalNotValid(claimed.requestId() + " has " + approvedBy.size() + " of "
                    + request.requiredApprovals() + " required approvals");
        }
        Set<String> claimedBy = claimed.approvals().stream().map(DecisionRecord.Approval::approver).collect(Collectors.toSet());
        if (!claimedBy.equals(approvedBy)) {
            throw new ApprovalNotValid("the record names approvers " + claimedBy + " but " + approvedBy + " approved");
        }
        if (!request.evidenceDigest().equals(claimed.evidenceDigest())) {
            throw new ApprovalNotValid("the record's evidence digest is not the one the approvers saw");
        }
        return request;
    }

    /** The part of an approved request's evidence stored under {@code field}, or a missing node. */
    public static JsonNode evidenceField(ApprovalRequest request, String field) {
        return request.evidence().path(field);
    }
}
