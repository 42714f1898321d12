package exchange.recovery.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import exchange.recovery.core.CanonicalJson;
import exchange.recovery.core.Digests;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.SecurityAlerts;

/**
 * Opens an approval request for a waiting execution: validates it against the approval type's
 * policy, stores it with its task token, and sends every approver their own signed link.
 *
 * <p>Idempotent: the request id is derived from the execution and the approval type (from the task token
 * when no execution is given), and the request is created by a conditional write. Lambda delivering the
 * same task twice, or Step Functions retrying the task (a new token), finds the stored request: a new
 * token takes it over, and links are sent again only if the first attempt had not finished notifying.
 */
public class ApprovalRequester {

    private static final Logger LOG = LogManager.getLogger(ApprovalRequester.class);
    private static final int MAX_SUMMARY = 2000;
    /** Evidence is stored in the request item (DynamoDB items hold at most 400 KB) and shown on a phone. */
    private static final int MAX_EVIDENCE_CHARS = 100_000;

    private final ApprovalPolicies policies;
    private final ApprovalStore store;
    private final AuditLog audit;
    private final ApprovalNotifier notifier;
    private final ApprovalSigner signer;
    private final SecurityAlerts alerts;
    private final Clock clock;

    public ApprovalRequester(ApprovalPolicies policies, ApprovalStore store, AuditLog audit, ApprovalNotifier notifier,
                             ApprovalSigner signer, Clock clock) {
        this(policies, store, audit, notifier, signer, SecurityAlerts.NONE, clock);
    }

    public ApprovalRequester(ApprovalPolicies policies, ApprovalStore store, AuditLog audit, ApprovalNotifier notifier,
                             ApprovalSigner signer, SecurityAlerts alerts, Clock clock) {
        this.alerts = alerts;
        this.policies = policies;
        this.store = store;
        this.audit = audit;
        this.notifier = notifier;
        this.signer = signer;
        this.clock = clock;
    }

    public RequestApprovalResult request(RequestApprovalInput input) {
        String token = required(input.taskToken(), "taskToken");
        String incidentId = required(input.incidentId(), "incidentId");
        String approvalType = required(input.approvalType(), "approvalType");
        String summary = required(input.summary(), "summary");
        if (summary.length() > MAX_SUMMARY) {
            throw new InvalidInput("summary is longer than " + MAX_SUMMARY + " characters");
        }
        if (input.evidence() != null && input.evidence().toString().length() > MAX_EVIDENCE_CHARS) {
            throw new InvalidInput("evidence is larger than " + MAX_EVIDENCE_CHARS + " characters: summarise it");
        }
        ApprovalPolicy policy = policies.require(approvalType);
        List<String> approvers = approversFor(policy, input.approverGroup());
        int required = requiredApprovals(policy, approvers, input.requiredApprovals());
        Duration expiry = expiry(policy, input);

        String executionId = input.executionId() == null || input.executionId().isBlank() ? null : input.executionId();
        String requestId = executionId == null ? requestIdFor(token) : requestIdFor(executionId, approvalType);
        StoredRequest existing = store.find(requestId).orElse(null);
        boolean created = false;
        if (existing == null) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            JsonNode evidence = input.evidence() == null ? JsonNodeFactory.instance.objectNode() : input.evidence();
            ApprovalRequest request = new ApprovalRequest(requestId, incidentId, approvalType, input.plan(), input.tier(),
                    summary, evidence, CanonicalJson.sha256(evidence), approvers, required, now,
                    now.plus(expiry).truncatedTo(ChronoUnit.SECONDS), ApprovalStatus.PENDING, null, null);
            created = store.create(request, token);
            if (created) {
                audit.append(new AuditEntry(requestId, AuditEntry.REQUESTED, "state-machine", now, incidentId, approvalType,
                        request.evidenceDigest(), null, null,
                        required + " of " + approvers + " until " + request.expiresAt()));
                alerts.publish("approval.requested", ApprovalSettlement.details(request, java.util.Map.of(
                        "approvers", String.join(",", approvers), "requiredApprovals", Integer.toString(required),
                        "expiresAt", request.expiresAt().toString())));
            }
            existing = store.find(requestId).orElseThrow(() -> new IllegalStateException("Stored request vanished: " + requestId));
        }
        if (!token.equals(existing.taskToken())) {
            // A retried task attempt (Step Functions gave it a new token): the same request now answers it.
            store.adoptTaskToken(requestId, token);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            audit.append(new AuditEntry(requestId, AuditEntry.TASK_RETRIED, "state-machine", now, existing.request().incidentId(),
                    existing.request().approvalType(), existing.request().evidenceDigest(), null, null,
                    "a retried approval task took over the request; no new request, links unchanged"));
            existing = store.find(requestId).orElseThrow(() -> new IllegalStateException("Stored request vanished: " + requestId));
        }
        ApprovalRequest request = existing.request();
        if (!existing.notified() && request.status() == ApprovalStatus.PENDING) {
            for (String approver : request.approvers()) {
                notifier.notify(request, ApprovalLink.issue(signer, requestId, approver, request.expiresAt()));
            }
            store.markNotified(requestId);
            LOG.info("Approval {} requested for incident {} ({} of {}), expires {}", requestId, request.incidentId(),
                    request.requiredApprovals(), request.approvers(), request.expiresAt());
        } else {
            LOG.info("Approval {} already requested (re-delivered task); nothing sent again", requestId);
        }
        return new RequestApprovalResult(requestId, request.approvers(), request.requiredApprovals(),
                request.expiresAt(), request.evidenceDigest(), created);
    }

    /** The group asked for must lie within the policy's allow-list; none asked for means all of it. */
    private static List<String> approversFor(ApprovalPolicy policy, List<String> group) {
        if (group == null || group.isEmpty()) {
            return policy.approvers();
        }
        for (String approver : group) {
            if (!policy.allows(approver)) {
                throw new InvalidInput("approverGroup names " + approver + ", who may not approve "
                        + policy.approvalType());
            }
        }
        return group.stream().distinct().toList();
    }

    /** A caller may ask for more approvals than the policy requires, never fewer. */
    private static int requiredApprovals(ApprovalPolicy policy, List<String> approvers, Integer asked) {
        int required = asked == null ? policy.requiredApprovals() : asked;
        if (required < policy.requiredApprovals()) {
            throw new InvalidInput("requiredApprovals " + required + " is below the " + policy.approvalType()
                    + " minimum of " + policy.requiredApprovals());
        }
        if (required > approvers.size()) {
            throw new InvalidInput("requiredApprovals " + required + " exceeds the " + approvers.size() + " approvers");
        }
        return required;
    }

    private static Duration expiry(ApprovalPolicy policy, RequestApprovalInput input) {
        Duration expiry;
        if (input.expiresInSeconds() != null) {
            expiry = Duration.ofSeconds(input.expiresInSeconds());
        } else if (input.expiresInMinutes() != null) {
            expiry = Duration.ofMinutes(input.expiresInMinutes());
        } else {
            expiry = Duration.ofMinutes(Math.min(60, policy.maxExpiresInMinutes()));
        }
        if (expiry.isNegative() || expiry.isZero()) {
            throw new InvalidInput("expiry must be positive");
        }
        if (expiry.compareTo(Duration.ofMinutes(policy.maxExpiresInMinutes())) > 0) {
            throw new InvalidInput("expiry " + expiry + " exceeds the " + policy.approvalType() + " maximum of "
                    + policy.maxExpiresInMinutes() + " minutes");
        }
        return expiry;
    }

    /** One live request per execution and approval type: a SHA-256 of both, 128 bits shown. */
    static String requestIdFor(String executionId, String approvalType) {
        return requestIdFor("execution|" + executionId + "|" + approvalType);
    }

    /** One task token, one request: a SHA-256 of the token (which it does not reveal), 128 bits shown. */
    static String requestIdFor(String taskToken) {
        return "apr-" + HexFormat.of().formatHex(Digests.sha256(taskToken), 0, 16);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(name + " is required");
        }
        return value;
    }
}
